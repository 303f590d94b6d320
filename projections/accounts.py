"""Accounts read model, and the queries that turn a session token into an `Actor`."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any, ClassVar
from uuid import UUID

import asyncpg
import msgspec

from assembly.accounts import Account
from assembly.actors import Actor, Role
from projections.projector import Projector, Statements, handles

COOKIE_LIFETIME = timedelta(days=14)
BEARER_LIFETIME = timedelta(days=30)


class AccountsProjector(Projector):
    name = "accounts"
    tables = ("accounts",)

    INSERT: ClassVar[str] = (
        "INSERT INTO accounts (id, role, province_code, council_id, agency, opened_at)"
        " VALUES (%s, %s, %s, %s, %s, %s)"
    )

    SCOPE: ClassVar[str] = (
        "UPDATE accounts SET role = %s, province_code = %s, council_id = %s, agency = %s,"
        " updated_at = %s WHERE id = %s"
    )
    DISABLED: ClassVar[str] = "UPDATE accounts SET disabled = %s, updated_at = %s WHERE id = %s"
    WITHDRAWN: ClassVar[str] = (
        "UPDATE accounts SET council_id = NULL, updated_at = %s WHERE id = %s"
    )
    ERASED: ClassVar[str] = (
        "UPDATE accounts SET erased = true, disabled = true, updated_at = %s WHERE id = %s"
    )

    @handles(Account.Opened)
    def opened(self, e: Any, out: Statements) -> None:
        out.add(
            self.INSERT,
            (e.originator_id, e.role, e.province_code, e.council_id, e.agency, e.timestamp),
        )

    @handles(Account.RoleChanged)
    def role_changed(self, e: Any, out: Statements) -> None:
        out.add(
            self.SCOPE,
            (e.role, e.province_code, e.council_id, e.agency, e.timestamp, e.originator_id),
        )

    @handles(Account.Disabled, Account.Enabled)
    def disabled(self, e: Any, out: Statements) -> None:
        out.add(self.DISABLED, (isinstance(e, Account.Disabled), e.timestamp, e.originator_id))

    @handles(Account.CouncilWithdrawn)
    def withdrawn(self, e: Any, out: Statements) -> None:
        out.add(self.WITHDRAWN, (e.timestamp, e.originator_id))

    @handles(Account.Erased)
    def erased(self, e: Any, out: Statements) -> None:
        out.add(self.ERASED, (e.timestamp, e.originator_id))


class Credentials(msgspec.Struct, frozen=True):
    account_id: UUID
    password_hash: str


class Session(msgspec.Struct, frozen=True):
    actor: Actor
    csrf_token: str
    kind: str
    display_name: str
    username: str


def hash_token(token: str) -> bytes:
    """Only a hash of a session token is stored: a leaked table opens no session."""
    return hashlib.sha256(token.encode()).digest()


async def credentials(db: asyncpg.Pool, username: str) -> Credentials | None:
    row = await db.fetchrow(
        "SELECT p.account_id, p.password_hash FROM people p"
        " JOIN accounts a ON a.id = p.account_id WHERE p.username = $1 AND NOT a.disabled",
        username,
    )
    return Credentials(row[0], row[1]) if row else None


async def open_session(
    db: asyncpg.Pool, account_id: UUID, kind: str, now: datetime
) -> tuple[str, str, datetime]:
    """Returns (token, csrf token, expiry). The token itself is never stored."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(24)
    expires = now + (COOKIE_LIFETIME if kind == "cookie" else BEARER_LIFETIME)
    await db.execute(
        "INSERT INTO sessions (token_hash, account_id, kind, csrf_token, created_at, expires_at)"
        " VALUES ($1, $2, $3, $4, $5, $6)",
        hash_token(token),
        account_id,
        kind,
        csrf,
        now,
        expires,
    )
    return token, csrf, expires


async def session(db: asyncpg.Pool, token: str, kind: str, now: datetime) -> Session | None:
    row = await db.fetchrow(
        "SELECT a.id::text, a.role, a.province_code, a.council_id::text, a.agency, s.csrf_token,"
        " coalesce(p.display_name, ''), coalesce(p.username, '')"
        " FROM sessions s JOIN accounts a ON a.id = s.account_id"
        " LEFT JOIN people p ON p.account_id = a.id"
        " WHERE s.token_hash = $1 AND s.kind = $2 AND s.revoked_at IS NULL AND s.expires_at > $3"
        " AND NOT a.disabled",
        hash_token(token),
        kind,
        now,
    )
    if row is None:
        return None
    actor = Actor(
        Role(row[1]), account_id=row[0], province_code=row[2], council_id=row[3], agency=row[4]
    )
    return Session(actor, row[5], kind, row[6], row[7])


async def close_all_sessions(db: asyncpg.Pool, account_id: UUID, now: datetime) -> None:
    await db.execute(
        "UPDATE sessions SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL",
        account_id,
        now,
    )


class OpenSession(msgspec.Struct, frozen=True):
    kind: str
    created_at: datetime
    expires_at: datetime


async def open_sessions(db: asyncpg.Pool, account_id: UUID, now: datetime) -> list[OpenSession]:
    rows = await db.fetch(
        "SELECT kind, created_at, expires_at FROM sessions WHERE account_id = $1"
        " AND revoked_at IS NULL AND expires_at > $2 ORDER BY created_at DESC",
        account_id,
        now,
    )
    return [OpenSession(*r) for r in rows]


async def council_of(db: asyncpg.Pool, account_id: UUID) -> str | None:
    value = await db.fetchval("SELECT council_id::text FROM accounts WHERE id = $1", account_id)
    return str(value) if value else None


async def close_session(db: asyncpg.Pool, token: str, now: datetime) -> None:
    await db.execute(
        "UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL",
        hash_token(token),
        now,
    )


class AccountView(msgspec.Struct, frozen=True):
    id: str
    role: str
    province_code: str | None
    council_id: str | None
    council_name_th: str | None
    agency: str | None
    disabled: bool
    erased: bool
    opened_at: datetime
    username: str | None
    display_name: str | None


_ACCOUNT = (
    "SELECT a.id::text, a.role, a.province_code, a.council_id::text, c.name_th, a.agency,"
    " a.disabled, a.erased, a.opened_at, p.username, p.display_name"
    " FROM accounts a LEFT JOIN people p ON p.account_id = a.id"
    " LEFT JOIN councils c ON c.id = a.council_id"
)


async def list_accounts(
    db: asyncpg.Pool, *, role: str | None = None, q: str | None = None, limit: int = 200
) -> list[AccountView]:
    pattern = f"%{q.strip().lower()}%" if q and q.strip() else None
    rows = await db.fetch(
        f"{_ACCOUNT} WHERE ($1::text IS NULL OR a.role = $1)"
        " AND ($2::text IS NULL OR lower(p.username) LIKE $2 OR lower(p.display_name) LIKE $2"
        "      OR lower(c.name_th) LIKE $2)"
        " ORDER BY a.opened_at DESC LIMIT $3",
        role,
        pattern,
        limit,
    )
    return [AccountView(*r) for r in rows]


async def get_account(db: asyncpg.Pool, account_id: str) -> AccountView | None:
    row = await db.fetchrow(f"{_ACCOUNT} WHERE a.id = $1::uuid", account_id)
    return AccountView(*row) if row else None
