#!/usr/bin/env bash
# Regenerates the committed audio fixtures (needs espeak-ng and sox). Our own short script, not devset text.
# call_stereo.flac: customer on the LEFT, agent on the RIGHT (so the role decision cannot rely on position);
# the agent cuts in about 1 s before the customer's complaint ends. call_mono.flac is its mixdown.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
say() { espeak-ng -v "$1" -s "$2" -w "$tmp/raw.wav" "$3"; sox "$tmp/raw.wav" -r 16000 -c 1 "$tmp/$4.wav" silence 1 0.05 0.5% reverse silence 1 0.05 0.5% reverse; }
say en-us+f3 170 "Thank you for calling Acme support, my name is Dana. How can I help you today?" a1
say en-gb+m3 165 "Hi. My printer stopped printing after the update yesterday, and I'm really frustrated." c1
say en-us+f3 170 "I'm sorry to hear that. Let me send you a new driver right now." a2
say en-gb+m3 165 "Okay, thank you." c2
place() { sox "$tmp/$1.wav" "$tmp/p_$1.wav" pad "$2"; }
a1=$(soxi -D "$tmp/a1.wav"); c1=$(soxi -D "$tmp/c1.wav"); a2=$(soxi -D "$tmp/a2.wav")
t_c1=$(echo "0.3 + $a1 + 0.4" | bc -l)
t_a2=$(echo "$t_c1 + $c1 - 1.0" | bc -l)
t_c2=$(echo "$t_a2 + $a2 + 0.5" | bc -l)
place a1 0.3; place c1 "$t_c1"; place a2 "$t_a2"; place c2 "$t_c2"
sox -m "$tmp/p_a1.wav" "$tmp/p_a2.wav" "$tmp/agent.wav"
sox -m "$tmp/p_c1.wav" "$tmp/p_c2.wav" "$tmp/customer.wav"
len=$(echo "$t_c2 + $(soxi -D "$tmp/c2.wav") + 0.5" | bc -l)
sox "$tmp/agent.wav" "$tmp/agent_l.wav" pad 0 "$len" trim 0 "$len"
sox "$tmp/customer.wav" "$tmp/customer_l.wav" pad 0 "$len" trim 0 "$len"
sox -M "$tmp/customer_l.wav" "$tmp/agent_l.wav" -b 16 call_stereo.flac
sox call_stereo.flac -c 1 -b 16 call_mono.flac remix 1,2
espeak-ng -v de -s 160 -w "$tmp/de.wav" "Guten Tag, ich rufe wegen meiner Rechnung an. Ich wurde zweimal belastet und möchte mein Geld zurück."
sox "$tmp/de.wav" -r 16000 -c 1 -b 16 german.flac
printf '{"agent_starts": [0.3, %.3f], "customer_starts": [%.3f, %.3f], "interruption": {"interrupter": "agent", "start": %.3f, "end": %.3f}}\n' \
  "$t_a2" "$t_c1" "$t_c2" "$t_a2" "$(echo "$t_c1 + $c1" | bc -l)" > call_truth.json
rm -rf "$tmp"
