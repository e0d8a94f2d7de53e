#!/usr/bin/env bash
# Bytes a terminal receives per action, dsw beside nano and vim, over a real pty:
# each program runs in its own tmux pane at 100×30, `tmux pipe-pane` appends
# everything the program writes to a log, and each action's cost is how much the
# log grew. Every action is repeated and the median printed; the first of a kind is
# left out (it draws what the action first shows, as nano's "modified" mark).
#
# Run from the repository: benches/terminal_bytes.sh (needs tmux, nano and vim;
# builds dsw in release mode first). The same edit in each program: a Chinese
# character typed at the end of a line, an ASCII character, one row down without
# scrolling, one row down when that scrolls, one page down (scrolling).
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in tmux nano vim; do
  command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 2; }
done
cargo build --release --quiet
dsw="$PWD/target/release/dsw"
work="$(mktemp -d)"
socket="dsw-bytes-$$"
# dsw saves its draft as it quits: give it a moment before removing the files.
trap 'tmux -L "$socket" kill-server 2>/dev/null || true; sleep 1; rm -rf "$work"' EXIT

# A file of 200 lines of Chinese text for the editors.
for n in $(seq 1 200); do echo "第 $n 行：民眾線上申請資料並即時查詢進度。"; done > "$work/text.txt"
# A team's fresh `service` assessment (126 questions: the tree pages).
repo="$work/plan"
git init -q "$repo"
git -C "$repo" config user.name 王小明
git -C "$repo" config user.email ming@example.gov.tw
(cd "$repo" && "$dsw" init --form service >/dev/null)

start() { # name, command
  tmux -L "$socket" new-session -d -s "$1" -x 100 -y 30 "$2"
  sleep 1.5
  : > "$work/$1.log"
  tmux -L "$socket" pipe-pane -t "$1" -o "cat >> '$work/$1.log'"
  sleep 0.3
}

cost() { # name, then send-keys arguments: bytes the program wrote in answer
  local name="$1"; shift
  local before after
  before="$(stat -c %s "$work/$name.log")"
  tmux -L "$socket" send-keys -t "$name" "$@"
  sleep 0.35
  after="$(stat -c %s "$work/$name.log")"
  echo $((after - before))
}

median() { # numbers (the first is dropped)
  shift
  printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

row() { # name: one row down and back up, alternately, ten times
  local costs=() n
  for n in $(seq 1 10); do
    if [ $((n % 2)) = 1 ]; then costs+=("$(cost "$1" Down)"); else costs+=("$(cost "$1" Up)"); fi
  done
  median "${costs[@]}"
}

page() { # name
  local costs=() n
  for n in $(seq 1 5); do costs+=("$(cost "$1" PageDown)"); done
  for n in $(seq 1 5); do cost "$1" PageUp >/dev/null; done
  median "${costs[@]}"
}

scrolled() { # name, keys to the top: one row down when that scrolls the list
  local costs=() n
  tmux -L "$socket" send-keys -t "$1" "${@:2}"
  sleep 0.3
  # Past the last row shown, so every Down below scrolls by a row.
  for n in $(seq 1 40); do tmux -L "$socket" send-keys -t "$1" Down; done
  sleep 0.8
  for n in $(seq 1 9); do costs+=("$(cost "$1" Down)"); done
  median "${costs[@]}"
}

typing() { # name, characters
  local costs=() c
  for c in $(echo "$2" | grep -o .); do costs+=("$(cost "$1" -l "$c")"); done
  median "${costs[@]}"
}

export LANG=C.UTF-8 LC_ALL=C.UTF-8
start dsw "cd '$repo' && exec '$dsw'"
start nano "exec nano --ignorercfiles '$work/text.txt'"
start vim "exec vim -u NONE -N '$work/text.txt'"

declare -A result
for name in dsw nano vim; do
  result[$name,row]="$(row "$name")"
  result[$name,page]="$(page "$name")"
done
result[dsw,scrolled]="$(scrolled dsw g)"
result[nano,scrolled]="$(scrolled nano M-\\)"
result[vim,scrolled]="$(scrolled vim g g)"
# Into the editor at the end of a line: dsw opens the answer of the question
# the cursor is on, nano and vim go to the end of the line.
tmux -L "$socket" send-keys -t dsw Enter
tmux -L "$socket" send-keys -t nano End
tmux -L "$socket" send-keys -t vim A
sleep 0.5
for name in dsw nano vim; do
  result[$name,chinese]="$(typing "$name" 資料申請小幫手民眾線上)"
  result[$name,ascii]="$(typing "$name" onlineservice)"
done

printf '%-44s %6s %6s %6s\n' "bytes per action at 100×30 (median)" dsw nano vim
printf '%-44s %6s %6s %6s\n' "type a Chinese character" "${result[dsw,chinese]}" "${result[nano,chinese]}" "${result[vim,chinese]}"
printf '%-44s %6s %6s %6s\n' "type an ASCII character" "${result[dsw,ascii]}" "${result[nano,ascii]}" "${result[vim,ascii]}"
printf '%-44s %6s %6s %6s\n' "one row down, no scrolling" "${result[dsw,row]}" "${result[nano,row]}" "${result[vim,row]}"
printf '%-44s %6s %6s %6s\n' "one row down, scrolling" "${result[dsw,scrolled]}" "${result[nano,scrolled]}" "${result[vim,scrolled]}"
printf '%-44s %6s %6s %6s\n' "one page down (scrolling)" "${result[dsw,page]}" "${result[nano,page]}" "${result[vim,page]}"
