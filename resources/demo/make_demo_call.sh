#!/usr/bin/env bash
# Regenerates the bundled demo call, demo_call.flac, and its transcript demo_call.vtt (needs espeak-ng, sox, bc).
#
# Our own script (not devset text): a broadband customer whose connection keeps dropping calls for the third time.
# The agent cuts in about 1 s before the customer's first complaint ends and blames them ("You should have..."),
# misses the customer's frustration once more, puts them on hold (11 s of dead air: CallCoach flags 10 s or more),
# then recovers: empathy, a paraphrase of the specific problem, two options as a choice, next steps and thanks.
#
# 16 kHz stereo FLAC: agent on the LEFT channel, customer on the RIGHT, two clearly different espeak-ng voices.
# Each line is synthesised, trimmed of its own leading/trailing silence, padded to its exact start time and mixed
# into its speaker's channel. demo_call.vtt gets one cue per line with the same times, so `callcoach analyze` on
# the transcript and on the recording describe the same call (the same six coaching moments, with tiny.en).
# The wording and voices were chosen so that tiny.en transcribes them well; SPOKEN respellings cover the rest.
# The review-screen tests use demo_call.vtt: keep 14 cues, the customer's first cue starting before 0:05.5, the
# interruption at 0:14 and six findings, or update tests/ui with it.
set -euo pipefail
export SOX_OPTS="-D -R"  # no dither, repeatable: the same script makes the same file
cd "$(dirname "$0")"

AGENT_VOICE=(en-us+f2 170)  # Priya, the agent
CUSTOMER_VOICE=(en-gb+m3 165)  # the customer
LEAD_IN=0.4  # silence before the first line
TAIL=0.8  # silence after the last line

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=0
prev_end=0
call_end=0
agent_parts=()
customer_parts=()
cues=()

calc() { echo "$1" | bc -l; }
max() { if [ "$(calc "$1 > $2")" = 1 ]; then echo "$1"; else echo "$2"; fi; }
stamp() {  # seconds -> HH:MM:SS.mmm
    awk -v t="$1" 'BEGIN { ms = int(t * 1000 + 0.5); printf "%02d:%02d:%02d.%03d", ms / 3600000, (ms / 60000) % 60, (ms / 1000) % 60, ms % 1000 }'
}

# line SPEAKER GAP TEXT [SPOKEN]: GAP seconds after the previous line ends (negative: overlap it).
# SPOKEN, when given, is what espeak-ng says (SSML: digits spelt out, a pause, "eye-ther" because tiny.en hears
# espeak's "either" as "even"); TEXT goes into the transcript.
line() {
    local speaker=$1 gap=$2 text=$3 spoken=${4:-$3} voice rate
    if [ "$speaker" = agent ]; then voice=${AGENT_VOICE[0]} rate=${AGENT_VOICE[1]}; else voice=${CUSTOMER_VOICE[0]} rate=${CUSTOMER_VOICE[1]}; fi
    n=$((n + 1))
    espeak-ng -m -v "$voice" -s "$rate" -w "$tmp/raw.wav" "$spoken"
    sox "$tmp/raw.wav" -r 16000 -c 1 -b 16 "$tmp/l$n.wav" silence 1 0.01 0.1% reverse silence 1 0.01 0.1% reverse
    local start length end
    start=$(calc "$prev_end + $gap")
    length=$(soxi -D "$tmp/l$n.wav")
    end=$(calc "$start + $length")
    sox "$tmp/l$n.wav" "$tmp/p$n.wav" pad "$start"
    if [ "$speaker" = agent ]; then agent_parts+=("$tmp/p$n.wav"); else customer_parts+=("$tmp/p$n.wav"); fi
    local label=Agent
    [ "$speaker" = customer ] && label=Customer
    cues+=("$n"$'\n'"$(stamp "$start") --> $(stamp "$end")"$'\n'"<v $label>$text</v>")
    prev_end=$end
    call_end=$(max "$call_end" "$end")
}

line agent "$LEAD_IN" "Thank you for calling Northwind Internet, my name is Priya. How can I help?"
line customer 0.5 "My internet has dropped out every evening for a week. I work from home, and I lost two video calls with clients yesterday. This is the third time I'm calling about it!"
line agent -1.0 "Have you restarted the router? You should have done that before calling."
line customer 0.5 "Of course I restarted it, every night. I'm really fed up with this."
line agent 0.6 "Let me check the line. What's your account number?"
line customer 0.6 "It's 4 4 1 9 0 2 7." "It's four, four, one, nine, zero, two, seven."
line agent 0.5 "Okay, one moment."
line agent 11.0 "Thanks for waiting. So your connection drops every evening, you've restarted the router each night, and you lost two client calls. I'm so sorry, I can see why you're frustrated."
line customer 0.6 "Thank you. I just need it to work in the evenings."
line agent 0.6 "I can see a fault on the street cabinet. I can either send an engineer tomorrow morning, or send you a 4G router to use until it's fixed. Which works best for you?" \
    "I can see a fault on the street cabinet. <break time='700ms'/> I can eye-ther send an engineer tomorrow morning, or send you a 4G router to use until it's fixed. Which works best for you?"
line customer 0.6 "The engineer tomorrow morning is perfect."
line agent 0.6 "So, I've booked an engineer for tomorrow between eight and ten. You'll get a text message when the engineer is on the way."
line customer 0.6 "Thank you, that's a real relief."
line agent 0.5 "Thank you for your patience, and for calling Northwind. Is there anything else I can help you with today?"

total=$(calc "$call_end + $TAIL")
mix() {  # mix OUT PARTS...: the parts mixed unchanged (-v 1 each), padded/trimmed to the call's length
    local out=$1
    shift
    local inputs=() part
    for part in "$@"; do inputs+=(-v 1 "$part"); done
    if [ $# -eq 1 ]; then cp "$1" "$tmp/m.wav"; else sox -m "${inputs[@]}" "$tmp/m.wav"; fi
    sox -V1 "$tmp/m.wav" "$out" pad 0 "$total" trim 0 "$total"  # -V1: no warning for the empty lead pad
}
mix "$tmp/agent.wav" "${agent_parts[@]}"
mix "$tmp/customer.wav" "${customer_parts[@]}"
sox -M "$tmp/agent.wav" "$tmp/customer.wav" -r 16000 -b 16 -C 8 --comment "" demo_call.flac

{
    printf 'WEBVTT\n\nNOTE\nCallCoach demo call: a broadband customer whose connection keeps dropping. Written for CallCoach;\n'
    printf 'it has a difficult customer and a few coaching moments on purpose. Generated with demo_call.flac by\n'
    printf 'make_demo_call.sh: the cue times are where each line sits in the recording.\n'
    for cue in "${cues[@]}"; do printf '\n%s\n' "$cue"; done
} > demo_call.vtt

printf 'demo_call.flac: %.1f s, %s bytes; demo_call.vtt: %d cues\n' "$total" "$(stat -c %s demo_call.flac)" "$n"
