"""The people behind accounts: username, display name, password hash. Mutable and erasable.

Kept out of the event log on purpose (PDPA): erasing a person deletes the row, and the
events, which carry only the account id, stay readable.
"""

from __future__ import annotations

import re
from typing import Any, Protocol, cast
from uuid import UUID

import psycopg
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from eventsourcing.persistence import IntegrityError

from assembly.accounts import ErasePerson
from assembly.actors import Actor
from assembly.commands import Command
from assembly.errors import Conflict, Invalid
from assembly.store import HasDatastore
from assembly.thai import normalize_line

MIN_PASSWORD = 10
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
# The most common passwords (and their obvious Thai-keyboard cousins) are refused outright.
COMMON_PASSWORDS = frozenset(
    {
        "1234567890",
        "12345678910",
        "0123456789",
        "1111111111",
        "0000000000",
        "qwertyuiop",
        "password123",
        "password1234",
        "iloveyou123",
        "abcdefghij",
        "1234512345",
        "0987654321",
        "asdfghjkl;",
        "qwerty1234",
        "1q2w3e4r5t",
        "ๅ/-ภถุึคตจ",
        "aaaaaaaaaa",
        "passw0rd123",
        "admin12345",
        "welcome123",
        "thailand123",
        "bangkok123",
        "sawasdee123",
        "changeme123",
        "letmein123",
    }
)

hasher = PasswordHasher()


class Writes(HasDatastore, Protocol):
    """What people need of the application (`Assembly`): its database, and `handle`."""

    def handle(self, command: Command, actor: Actor) -> int: ...


def check_username(username: str) -> str:
    username = normalize_line(username).lower()
    if not USERNAME.match(username):
        raise Invalid(
            "ชื่อผู้ใช้ต้องมี 3–40 ตัว ใช้ได้เฉพาะ a–z, 0–9, จุด, ขีดกลาง และขีดล่าง",
            field="username",
        )
    return username


def check_password(password: str, username: str = "") -> str:
    if len(password) < MIN_PASSWORD:
        raise Invalid(f"รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD} ตัวอักษร", field="password")
    if len(password) > 256:
        raise Invalid("รหัสผ่านยาวเกินไป", field="password")
    lowered = password.lower()
    if (
        lowered in COMMON_PASSWORDS
        or len(set(password)) < 4
        or (len(username) >= 3 and username.lower() in lowered)
    ):
        raise Invalid("รหัสผ่านนี้เดาง่ายเกินไป กรุณาเลือกรหัสผ่านอื่น", field="password")
    return password


def verify(password_hash: str | None, password: str) -> bool:
    """Constant work whether or not the user exists, so timing tells nothing."""
    try:
        return hasher.verify(password_hash or _DUMMY, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


_DUMMY = hasher.hash("not-a-real-password-0")


def add_person(
    app: HasDatastore, account_id: UUID, username: str, password: str, display_name: str
) -> None:
    """Insert the person row for a new account (refuses a taken username)."""
    username = check_username(username)
    check_password(password, username)
    datastore = app.datastore
    try:
        with datastore.transaction(commit=True) as curs:
            _search_path(curs, datastore.schema)
            curs.execute(
                "INSERT INTO people (account_id, username, display_name, password_hash)"
                " VALUES (%s, %s, %s, %s)",
                (account_id, username, normalize_line(display_name)[:200], hasher.hash(password)),
            )
    except (psycopg.errors.UniqueViolation, IntegrityError):  # the datastore wraps psycopg's
        raise Conflict(f"ชื่อผู้ใช้ {username} มีผู้ใช้แล้ว", field="username") from None


def remove_person(app: HasDatastore, account_id: UUID) -> None:
    """Delete the person's row and end every session of the account."""
    datastore = app.datastore
    with datastore.transaction(commit=True) as curs:
        _search_path(curs, datastore.schema)
        curs.execute("DELETE FROM people WHERE account_id = %s", (account_id,))
        curs.execute("DELETE FROM sessions WHERE account_id = %s", (account_id,))


def _search_path(curs: psycopg.Cursor[Any], schema: str) -> None:
    if schema:
        curs.execute(f'SET LOCAL search_path TO "{schema}"')


class OpensAccount(Protocol):
    account_id: UUID


def create_user(
    app: Writes,
    command: Command,
    actor: Actor,
    username: str,
    password: str,
    display_name: str,
) -> int:
    """Run a command that opens an account (OpenAccount, ClaimInvitation) together with its
    person row. The row goes first: it holds the unique username; it is removed again if the
    command is refused, so a refusal leaves nothing behind."""
    account_id = cast(OpensAccount, command).account_id
    add_person(app, account_id, username, password, display_name)
    try:
        return app.handle(command, actor)
    except BaseException:
        remove_person(app, account_id)
        raise


def erase(app: Writes, command: ErasePerson, actor: Actor) -> int:
    """PDPA erasure: record it, then delete the person and end their sessions."""
    notification_id = app.handle(command, actor)
    remove_person(app, command.account_id)
    return notification_id
