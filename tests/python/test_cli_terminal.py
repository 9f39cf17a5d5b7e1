"""The command line as a person meets it: `--help` of the program and of every subcommand (exit
code 0, the usage and the subcommand's own options), and the progress bar, drawn in place on a
terminal and absent from a pipe or a log."""
import os
import pty
import select
import subprocess
import sys
import tempfile

import numpy as np

from reference_models import binary

failures = []

# Each subcommand and options its --help must mention.
SUBCOMMANDS = {
    "run": ["--data", "--arch", "--preset", "--channels", "--resume", "--out"],
    "train": ["--arch", "--data", "--channels", "--epochs", "--checkpoint-every", "--resume", "--limit"],
    "encode": ["--checkpoint", "--input", "--output"],
    "reconstruct": ["--checkpoint", "--input", "--output"],
    "cluster": ["--input", "--clusters", "--output", "--embedding", "--labels"],
}


def check(name, ok, detail=""):
    print(f"{'ok  ' if ok else 'FAIL'} {name}{(': ' + detail) if detail else ''}", flush=True)
    if not ok:
        failures.append(name)


def helps():
    top = subprocess.run([binary(), "--help"], capture_output=True, text=True)
    check("vgg7_cluster --help exits 0 and lists every subcommand",
          top.returncode == 0 and all(s in top.stdout for s in SUBCOMMANDS), top.stdout[-300:] + top.stderr[-300:])
    for sub, options in SUBCOMMANDS.items():
        r = subprocess.run([binary(), sub, "--help"], capture_output=True, text=True)
        missing = [o for o in options if o not in r.stdout]
        check(f"vgg7_cluster {sub} --help exits 0 with its usage and options",
              r.returncode == 0 and "Usage" in r.stdout and not missing, f"exit {r.returncode}, missing {missing}")
    r = subprocess.run([binary(), "train", "--no-such-option"], capture_output=True, text=True)
    check("an unknown option is refused with a non-zero exit code and a message naming it",
          r.returncode != 0 and "no-such-option" in (r.stdout + r.stderr), f"exit {r.returncode}: {(r.stdout + r.stderr)[-200:]}")


def cluster_args(tmp):
    rng = np.random.default_rng(0)
    latents = np.concatenate([rng.normal(0, 1, (60, 8)), rng.normal(6, 1, (60, 8))]).astype(np.float32)
    np.save(os.path.join(tmp, "z.npy"), latents)
    return [binary(), "cluster", "--input", os.path.join(tmp, "z.npy"), "--clusters", "2", "--output", os.path.join(tmp, "l.npy"),
            "--perplexity", "10", "--threads", "1"]


def on_terminal(args):
    """Runs args with stderr on a pseudo-terminal; returns (exit code, everything written to it)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    out = b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal is closed once the program exits
                break
            if not chunk:
                break
            out += chunk
        elif proc.poll() is not None:
            break
    proc.wait()
    os.close(master)
    return proc.returncode, out.decode(errors="replace")


def progress_bar(tmp):
    args = cluster_args(tmp)
    code, text = on_terminal(args)
    check("on a terminal: the command succeeds", code == 0, text[-300:])
    check("on a terminal: a progress bar is drawn in place (carriage return, erase line, [###...] n/total)",
          "\r\x1b[K" in text and "tsne [" in text and "/1000 it" in text and "left" in text, repr(text[-300:]))
    check("on a terminal: the bar is erased when done (the output ends with carriage return, erase line)",
          text.endswith("\r\x1b[K"), repr(text[-200:]))
    piped = subprocess.run(args, capture_output=True, text=True)
    check("piped: the command succeeds", piped.returncode == 0, piped.stderr[-300:])
    check("piped: no bar, no control characters, only the summary lines",
          "\r" not in piped.stderr and "\x1b" not in piped.stderr and "clustering 120 points" in piped.stderr, repr(piped.stderr[-300:]))


def main():
    helps()
    with tempfile.TemporaryDirectory() as tmp:
        progress_bar(tmp)
    if failures:
        print("FAILED:", ", ".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
