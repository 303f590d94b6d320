"""The organization's letterhead: the emblem printed at the top centre of its letters.

The Garuda (ตราครุฑ) is a state emblem that no package ships and that we may not draw: the
organization uploads its image once; until then letters print without it, its place kept.
"""

from __future__ import annotations

from typing import Annotated
from uuid import NAMESPACE_URL, UUID, uuid5

import msgspec
from eventsourcing.domain import Aggregate, event

from assembly.actors import Actor
from assembly.commands import Command, changed, route
from assembly.store import Store

LETTERHEAD_ID = uuid5(NAMESPACE_URL, "https://codi.or.th/assembly/letterhead")


class SetEmblem(Command, kw_only=True):
    """`sha256` names the image, already kept in the durable files table."""

    sha256: Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{64}$")]


class Letterhead(Aggregate):
    class Started(Aggregate.Created):
        by: str

    class EmblemSet(Aggregate.Event):
        sha256: str
        by: str

    @event(Started)
    def __init__(self, by: str) -> None:
        self.emblem_sha256: str | None = None

    @classmethod
    def create_id(cls, **_: object) -> UUID:
        return LETTERHEAD_ID

    def set_emblem(self, sha256: str, actor: Actor) -> None:
        if sha256 != self.emblem_sha256:
            self._set_emblem(sha256, by=actor.ref)

    @event(EmblemSet)
    def _set_emblem(self, sha256: str, by: str) -> None:
        self.emblem_sha256 = sha256


def set_emblem(store: Store, cmd: SetEmblem, actor: Actor) -> list[Aggregate]:
    letterhead = store.load(LETTERHEAD_ID, Letterhead) or Letterhead(by=actor.ref)
    letterhead.set_emblem(cmd.sha256, actor)
    return changed(letterhead)


HANDLERS = dict([route(SetEmblem, set_emblem)])
