"""Give each speaker a transcript names its role: agent or customer.

Files name speakers in their own way: "Agent"/"Customer", "spk_0"/"spk_1", "SPEAKER_00", "A"/"B", "ch_0"/"ch_1",
or people's names (Zoom, Teams). The roles are decided for the whole file at once, in this order:
1. what the user said: `--speakers "spk_0=customer,spk_1=agent"` and `--agent-speaker spk_1`;
2. what the labels say ("Agent", "Caller", "Support Rep"), and for channel labels `--agent-channel`;
3. with two speakers left, the one a role was not given to: the other role; two unknown speakers: the agent is
   chosen from what each says (core.speaker_roles, the rule recordings use), and the choice is reported.
More than two speakers that cannot all be placed is an error naming every one, since scoring the wrong person
would be worse than scoring nobody.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from callcoach.core.errors import InputError
from callcoach.core.model import OTHER_ROLE, Speaker, SpeakerChoice
from callcoach.core.speaker_roles import AUTOMATIC_CHOICE, decide_agent
from callcoach.transcripts.common import Turn
from callcoach.transcripts.roles import label_key, role_for_name

ROLES: tuple[Speaker, Speaker] = ("agent", "customer")
_NO_SPEAKERS_HINT = (
    "import the recording instead, so that CallCoach tells the voices apart, "
    "or export the transcript with speaker labels (diarization) switched on"
)


@dataclass(frozen=True)
class SpeakerOptions:
    """What the user said about who is who. The default decides everything from the file."""

    agent: str | None = None  # --agent-speaker: this label is the agent, the other speaker the customer
    mapping: dict[str, Speaker] = field(default_factory=dict)  # --speakers: label -> role, as many as given
    agent_channel: str = "auto"  # channel-labelled transcripts (ch_0/ch_1): "left", "right" or "auto"

    @property
    def given(self) -> bool:
        return self.agent is not None or bool(self.mapping)

    def to_json(self) -> dict[str, Any] | None:
        """Kept with a call in the library, so that processing it (again) honours it; None when nothing was said."""
        if not self.given:
            return None
        return {**({"agent": self.agent} if self.agent else {}), **({"mapping": self.mapping} if self.mapping else {})}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None, agent_channel: str = "auto") -> SpeakerOptions:
        data = data or {}
        return cls(data.get("agent"), dict(data.get("mapping", {})), agent_channel)


def parse_mapping(text: str) -> dict[str, Speaker]:
    """Read `--speakers "spk_0=customer,spk_1=agent"`; ValueError with what is wrong."""
    mapping: dict[str, Speaker] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        label, sep, role = part.rpartition("=")
        label, role = label.strip(), role.strip().casefold()
        if not sep or not label:
            raise ValueError(f"'{part}' is not LABEL=ROLE (for example spk_0=customer)")
        if role not in ROLES:
            raise ValueError(f"'{part}': the role must be agent or customer, not '{role}'")
        if label.casefold() in {k.casefold() for k in mapping}:
            raise ValueError(f"'{label}' is given twice")
        mapping[label] = role  # type: ignore[assignment]
    if not mapping:
        raise ValueError("no speakers given (for example spk_0=customer,spk_1=agent)")
    return mapping


@dataclass
class _Speaker:
    label: str
    words: int = 0
    first: float = float("inf")
    texts: list[str] = field(default_factory=list)
    channel: int | None = None


def fill_missing_labels(turns: Sequence[Turn], path: str, unit: str) -> list[str]:
    """Make every turn name its speaker, in one spelling per speaker; returns the warnings.

    A turn without a speaker continues the one before it (the first ones take the first speaker's). Labels that
    differ only in case or spacing ("spk_1", "SPK_1") are one speaker, written as first seen. A file where no
    turn names a speaker is refused: there is nobody to score.
    """
    known = [t.label for t in turns if t.label]
    if not known:
        raise InputError(
            path,
            "the transcript has no speaker information: no part of it says who is speaking",
            hint=_NO_SPEAKERS_HINT,
        )
    spelling: dict[str, str] = {}
    for label in known:
        spelling.setdefault(label_key(label), label)
    missing = 0
    previous = spelling[label_key(known[0])]
    for turn in turns:
        if turn.label:
            turn.label = previous = spelling[label_key(turn.label)]
        else:
            turn.label = previous
            missing += 1
    if not missing:
        return []
    if missing == 1:
        return [f"1 {unit} names no speaker; it carries on the speaker before it"]
    return [f"{missing} {unit}s name no speaker; each carries on the speaker before it"]


def assign_roles(turns: Sequence[Turn], options: SpeakerOptions, path: str) -> SpeakerChoice:
    """The role of every label in `turns` (all labelled, see fill_missing_labels), or an InputError that names
    every speaker found. What the user gave decides; with two speakers, the other one takes the other role."""
    speakers = _speakers(turns)
    by_key = {label_key(s.label): s for s in speakers}
    roles: dict[str, Speaker] = {}
    given = dict(options.mapping)
    if options.agent is not None and label_key(options.agent) not in {label_key(k) for k in given}:
        given[options.agent] = "agent"
    for label, role in given.items():
        speaker = by_key.get(label_key(label))
        if speaker is None:
            raise InputError(
                path,
                f"there is no speaker '{label}' in the file; {_found(speakers)}",
                hint="give a speaker exactly as the file names it",
            )
        roles[speaker.label] = role
    how = "given" if roles else "named"
    if len(speakers) == 2 and len(roles) == 1:  # "--agent-speaker X": the other one is the customer, whatever its name
        placed = next(s for s in speakers if s.label in roles)
        other = next(s for s in speakers if s.label not in roles)
        roles[other.label] = OTHER_ROLE[roles[placed.label]]
        return SpeakerChoice(_ordered(roles, speakers), how)  # type: ignore[arg-type]
    for speaker in speakers:
        if speaker.label not in roles:
            role = role_for_name(speaker.label) or _channel_role(speaker, options.agent_channel)
            if role is not None:
                roles[speaker.label] = role
    unplaced = [s for s in speakers if s.label not in roles]
    if not unplaced:
        return SpeakerChoice(_ordered(roles, speakers), how)  # type: ignore[arg-type]
    if len(speakers) == 2 and len(unplaced) == 1:
        placed = next(s for s in speakers if s.label in roles)
        roles[unplaced[0].label] = OTHER_ROLE[roles[placed.label]]
        return SpeakerChoice(_ordered(roles, speakers), how)  # type: ignore[arg-type]
    if len(speakers) == 2:
        return _automatic(speakers)
    raise _cannot_place(path, speakers, roles)


def _speakers(turns: Sequence[Turn]) -> list[_Speaker]:
    """Each label once, in the order they first speak, with their word counts and what they say."""
    found: dict[str, _Speaker] = {}
    for turn in turns:
        speaker = found.setdefault(turn.label, _Speaker(turn.label, channel=turn.channel))
        speaker.words += len(turn.text.split())
        speaker.first = min(speaker.first, turn.start)
        speaker.texts.append(turn.text)
    return sorted(found.values(), key=lambda s: s.first)


def _channel_role(speaker: _Speaker, agent_channel: str) -> Speaker | None:
    if speaker.channel is None or agent_channel not in ("left", "right"):
        return None
    agent = 0 if agent_channel == "left" else 1
    return "agent" if speaker.channel == agent else "customer"


def _automatic(speakers: list[_Speaker]) -> SpeakerChoice:
    texts = (" ".join(speakers[0].texts), " ".join(speakers[1].texts))
    decision = decide_agent(texts, first_speaker=0)  # speakers are in order of speaking
    agent, customer = speakers[decision.agent], speakers[1 - decision.agent]
    roles: dict[str, Speaker] = {agent.label: "agent", customer.label: "customer"}
    return SpeakerChoice(_ordered(roles, speakers), "automatic", decision.reason, decision.confident)


def _ordered(roles: dict[str, Speaker], speakers: list[_Speaker]) -> dict[str, Speaker]:
    return {s.label: roles[s.label] for s in speakers}


def _found(speakers: list[_Speaker]) -> str:
    listed = ", ".join(f"{s.label} ({s.words} word{'s' if s.words != 1 else ''})" for s in speakers)
    return f"speakers found: {listed}"


def _cannot_place(path: str, speakers: list[_Speaker], known: dict[str, Speaker]) -> InputError:
    if len(speakers) == 1:
        only = speakers[0].label
        return InputError(
            path,
            f"only one speaker is in the file, '{only}' ({speakers[0].words} words), and its role is not known",
            hint=f"if it is the agent, use --agent-speaker {_quoted(only)}",
        )
    example: dict[str, Speaker] = {}
    for speaker in speakers:  # what is known stays; of the rest, the one who talks most is offered as the agent
        example[speaker.label] = known.get(speaker.label, "customer")
    if "agent" not in example.values():
        talker = max((s for s in speakers if s.label not in known), key=lambda s: s.words)
        example[talker.label] = "agent"
    line = ",".join(f"{label}={role}" for label, role in example.items())
    return InputError(
        path,
        f"{len(speakers)} speakers, and CallCoach scores one agent and one customer; {_found(speakers)}",
        hint=f'say who is who with --speakers "{line}" (extra speakers may be mapped to agent or customer)',
    )


def _quoted(label: str) -> str:
    return f'"{label}"' if any(c.isspace() for c in label) else label


def choice_warning(choice: SpeakerChoice) -> str | None:
    """The line the summary, the JSON `warnings` and the review screen show for an automatic choice."""
    if choice.how != "automatic":
        return None
    agent = choice.agent_labels[0]
    customer = next(label for label, role in choice.roles.items() if role == "customer")
    return (
        f"{AUTOMATIC_CHOICE}: '{agent}' is the agent and '{customer}' the customer "
        f"({choice.reason}); if that is wrong, swap them in the review screen "
        f"or use --agent-speaker {_quoted(customer)}"
    )
