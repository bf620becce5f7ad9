#!/usr/bin/env python3
"""Measures `swipe listen` on real ALSA capture paced like a sound card.

ALSA's file plugin reads its `infile`; here that file is a FIFO written in real
time, one period at a time, so `snd_pcm_readi` waits for audio as it would on a
device. Two figures:

  latency  time from the end of a swipe (the moment its last period is written)
           to its JSON line on swipe's standard output, over several swipes
  cpu      CPU time used by swipe while listening for N seconds to silence and
           to noise at 48 kHz, as a share of one core

Usage: scripts/measure-listen.py [--binary .build/release/swipe] [--seconds 60] [--swipes 10]
"""
import argparse, array, math, os, random, select, subprocess, sys, tempfile, threading, time, wave

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read_wav(path):
    with wave.open(path) as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == 1
        samples = array.array("h", w.readframes(w.getnframes()))
        return w.getframerate(), samples


def start_listener(binary, home, device, rate, period, extra=()):
    env = dict(os.environ, HOME=home)
    return subprocess.Popen(
        [binary, "listen", "--source", "audio", "--device", device, "--rate", str(rate), "--period", str(period), "--json", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, bufsize=0)


def paced_writer(fifo, rate, period, chunks, marks):
    """Writes `chunks` (bytes, one period each) in real time; marks[i] = write time of chunk i."""
    with open(fifo, "wb", buffering=0) as out:
        start = time.monotonic()
        for index, chunk in enumerate(chunks):
            due = start + index * period / rate
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            try:
                out.write(chunk)
            except BrokenPipeError:
                return
            marks[index] = time.monotonic()


def make_home(fifo_path):
    home = tempfile.mkdtemp(prefix="swipe-measure-")
    with open(os.path.join(home, ".asoundrc"), "w") as f:
        f.write('pcm.paced { type file slave.pcm "null" file "/dev/null" infile "%s" format "raw" }\n' % fifo_path)
    return home


def measure_latency(binary, swipes, period):
    rate, swipe = read_wav(os.path.join(ROOT, "hardware/visa-track2-44k.wav"))
    peak = max(abs(s) for s in swipe)
    last = max(i for i, s in enumerate(swipe) if abs(s) > 0.1 * peak)
    # Between swipes, the recording's own background (its first quarter second, before the swipe), so
    # the stream never steps between digital silence and noise.
    background = swipe[: rate // 4]
    gap = background * 8
    stream, ends = array.array("h", gap), []
    for _ in range(swipes):
        base = len(stream)
        stream.extend(swipe)
        ends.append(base + last)
        stream.extend(gap)
    stream.extend(background * 4)
    raw = stream.tobytes()
    size = period * 2
    chunks = [raw[i:i + size].ljust(size, b"\0") for i in range(0, len(raw), size)]
    marks = [None] * len(chunks)
    tmp = tempfile.mkdtemp(prefix="swipe-fifo-")
    fifo = os.path.join(tmp, "audio.raw")
    os.mkfifo(fifo)
    home = make_home(fifo)
    listener = start_listener(binary, home, "paced", rate, period)
    writer = threading.Thread(target=paced_writer, args=(fifo, rate, period, chunks, marks))
    writer.start()
    arrivals = []
    buffer = b""
    deadline = time.monotonic() + len(chunks) * period / rate + 5
    while len(arrivals) < swipes and time.monotonic() < deadline:
        ready, _, _ = select.select([listener.stdout], [], [], 0.5)
        if not ready:
            continue
        data = os.read(listener.stdout.fileno(), 65536)
        now = time.monotonic()
        if not data:
            break
        buffer += data
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            if b'"accepted":true' in line:
                arrivals.append(now)
    listener.terminate()
    listener.wait()
    writer.join()
    # Each accepted card against the end of the latest swipe written before it arrived.
    end_marks = [marks[end // period] for end in ends if marks[end // period] is not None]
    latencies = []
    for arrival in arrivals:
        before = [mark for mark in end_marks if mark <= arrival]
        if before:
            latencies.append((arrival - before[-1]) * 1000)
    return rate, latencies, len(arrivals)


def measure_cpu(binary, seconds, kind, period):
    rate = 48000
    rnd = random.Random(7)
    frames = rate * seconds
    level = 0 if kind == "silence" else 0.01 * 32767  # noise at -40 dBFS RMS
    size = period * 2
    chunk_count = frames // period
    def chunk(i):
        if level == 0:
            return b"\0" * size
        return array.array("h", [max(-32768, min(32767, int(rnd.gauss(0, level)))) for _ in range(period)]).tobytes()
    pregen = [chunk(i) for i in range(64)]
    chunks = [pregen[i % 64] for i in range(chunk_count)]
    marks = [None] * len(chunks)
    tmp = tempfile.mkdtemp(prefix="swipe-fifo-")
    fifo = os.path.join(tmp, "audio.raw")
    os.mkfifo(fifo)
    home = make_home(fifo)
    listener = start_listener(binary, home, "paced", rate, period)
    writer = threading.Thread(target=paced_writer, args=(fifo, rate, period, chunks, marks))
    writer.start()
    time.sleep(1.0)  # start-up excluded
    def cpu(pid):
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    t0, c0 = time.monotonic(), cpu(listener.pid)
    writer.join()
    t1, c1 = time.monotonic(), cpu(listener.pid)
    listener.terminate()
    listener.wait()
    return (c1 - c0) / (t1 - t0) * 100


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/swipe"))
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--swipes", type=int, default=10)
    parser.add_argument("--period", type=int, default=1024)
    args = parser.parse_args()
    rate, latencies, accepted = measure_latency(args.binary, args.swipes, args.period)
    if latencies:
        latencies.sort()
        print("latency, end of swipe to JSON line (%d Hz, period %d frames = %.1f ms): %d of %d swipes accepted, "
              "median %.0f ms, max %.0f ms" % (rate, args.period, args.period / rate * 1000, accepted, args.swipes,
                                               latencies[len(latencies) // 2], latencies[-1]))
    else:
        print("latency: no swipe was reported")
    for kind in ("silence", "noise"):
        share = measure_cpu(args.binary, args.seconds, kind, args.period)
        print("cpu while listening to %s at 48 kHz for %d s: %.2f%% of one core" % (kind, args.seconds, share))


if __name__ == "__main__":
    main()
