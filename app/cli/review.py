"""`callcoach review`: a reviewer overrides scores and comments; the agent acknowledges or disputes."""

from __future__ import annotations

import argparse
from typing import Any

from callcoach.cli.common import EXIT_OK, Handler, db_options, open_library
from callcoach.core.errors import InputError
from callcoach.core.user import login_name


def register(sub: Any) -> dict[str, Handler]:
    from callcoach.core.rubric import default_rubric

    criteria = ", ".join(f"{c.id} ({c.name})" for c in default_rubric().criteria)
    p = sub.add_parser(
        "review",
        parents=[db_options()],
        help="override a score, comment, or (agent) acknowledge/dispute",
        description="Change a call's review; everything in one command is saved together or not at all.",
        epilog=f"Criteria of the default rubric: {criteria}.",
    )
    p.add_argument("id", type=int, help="the call's id (see `callcoach list`)")
    p.add_argument(
        "--set",
        action="append",
        metavar="CRITERION=SCORE",
        help="override a criterion's score (0-100); repeat for several (criterion ids below)",
    )
    p.add_argument("--reason", metavar="TEXT", help="why the score was overridden (required with --set)")
    p.add_argument(
        "--comment", metavar="TEXT", help="a review comment, or the agent's words with --acknowledge/--dispute"
    )
    p.add_argument("--at", type=float, metavar="SECONDS", help="the moment of the call the comment is about")
    agent = p.add_mutually_exclusive_group()
    agent.add_argument("--acknowledge", action="store_true", help="agent mode: acknowledge the review")
    agent.add_argument("--dispute", action="store_true", help="agent mode: dispute the review (needs --comment)")
    p.add_argument(
        "--as",
        dest="agent",
        metavar="NAME",
        help="with --acknowledge/--dispute: the agent answering (default: the call's agent)",
    )
    p.add_argument(
        "--reviewer", metavar="NAME", help=f"the reviewer making a change (default: your login name, {login_name()})"
    )
    return {"review": cmd_review}


def _parse_set(value: str) -> tuple[str, float]:
    criterion, sep, score = value.rpartition("=")
    try:
        if not sep or not criterion.strip():
            raise ValueError
        return criterion.strip(), float(score)
    except ValueError:
        raise InputError("--set", f"expected CRITERION=SCORE, got {value!r}", hint="e.g. --set empathy=80") from None


def _check(args: argparse.Namespace) -> None:
    agent_mode = args.acknowledge or args.dispute
    usage = "callcoach review"
    if not (args.set or args.comment or agent_mode):
        raise InputError(
            usage,
            "nothing to do",
            hint="use --set CRITERION=SCORE --reason TEXT, --comment TEXT, --acknowledge or --dispute",
        )
    if args.set and agent_mode:
        raise InputError(usage, "an agent acknowledges or disputes a review; scores are the reviewer's to change")
    if args.set and not (args.reason and args.reason.strip()):
        raise InputError(usage, "--set needs --reason TEXT saying why the score is overridden")
    if args.reason and not args.set:
        raise InputError(usage, "--reason goes with --set")
    if args.dispute and not (args.comment and args.comment.strip()):
        raise InputError(usage, "--dispute needs --comment TEXT saying what is wrong")
    if args.at is not None and (agent_mode or not args.comment):
        raise InputError(usage, "--at goes with a reviewer's --comment")
    if agent_mode and args.reviewer:
        raise InputError(usage, "the agent answers in their own name: --as NAME (--reviewer is for a reviewer's edits)")
    if args.agent is not None and not agent_mode:
        raise InputError(usage, "--as goes with --acknowledge or --dispute")
    if args.agent is not None and not args.agent.strip():
        raise InputError(usage, "--as needs the agent's name")


def cmd_review(args: argparse.Namespace) -> int:
    from callcoach.services.calls import ReviewEdit, edit_review

    _check(args)
    answer = "acknowledged" if args.acknowledge else "disputed" if args.dispute else None
    who = (args.agent or "") if answer else (args.reviewer or login_name())  # "": the call's agent answers
    edit = ReviewEdit(
        who=who,
        overrides=[_parse_set(v) for v in args.set or []],
        reason=args.reason or "",
        comment=args.comment,
        call_time=args.at,
        acknowledgement=answer,
    )
    result = edit_review(open_library(args, existing=True), args.id, edit)
    for line in result.done:
        print(f"call {args.id}: {line}")
    return EXIT_OK
