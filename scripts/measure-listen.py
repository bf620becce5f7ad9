#!/usr/bin/env python3
"""Measures `swipe listen` on real ALSA capture paced like a sound card.

ALSA's file plugin reads its `infile`; here that file is a FIFO written in real
time, one period at a time, so `snd_pcm_readi` waits for audio as it would on a
device. Two figures:

  latency  time from the end of a swipe (the moment its last period is written)
           to its JSON line on swipe's standard output, over several swipes: for
           accepted cards and for cards refused on the device (an expired Visa, an
           American Express), with the recording's own hiss, mains hum, or digital
           silence after each swipe
  cpu      CPU time used by swipe while listening for N seconds to silence and
           to noise at 48 kHz, as a share of one core

Usage: scripts/measure-listen.py [--binary .build/release/swipe] [--seconds 60] [--swipes 10] [--latency-only | --cpu-only]
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


def swipe_ends(samples, rate):
    """Index of the last loud sample of each swipe in `samples` (swipes apart by 0.3 s or more)."""
    peak = max(abs(s) for s in samples)
    loud = [i for i, s in enumerate(samples) if abs(s) > 0.1 * peak]
    ends = []
    for previous, current in zip(loud, loud[1:] + [None]):
        if current is None or current - previous > 0.3 * rate:
            ends.append(previous)
    return ends


def measure_latency(binary, swipes, period, card="accepted", background="hiss"):
    """Latencies in ms from each swipe's end to its JSON line; `card` accepted or refused,
    `background` what follows each swipe: the recording's own hiss, 60 Hz hum over it, or digital silence."""
    name = "visa-track2-44k.wav" if card == "accepted" else "refused-cards-44k.wav"
    rate, recording = read_wav(os.path.join(ROOT, "hardware", name))
    ends_in_recording = swipe_ends(recording, rate)
    hiss = recording[: 15 * (rate // 60)]
    if background == "silence":
        # The swipes alone, cut 20 ms after each one's last loud sample, digital silence around them.
        starts = [0] + [end + rate // 50 for end in ends_in_recording[:-1]]
        pieces = [recording[max(0, start): end + rate // 50] for start, end in zip(starts, ends_in_recording)]
        quiet = array.array("h", [0] * (2 * rate))
    else:
        # The whole recording, cut to a whole number of mains periods (as is the quarter second of
        # its own quiet played between swipes): its own hum goes on in phase from one play to the
        # next, as mains hum does. (Cut anywhere, each play would jump the hum's phase, which no
        # mains supply does, and the hum canceller would have to learn it again after each swipe.)
        mains = rate // 60
        pieces = [recording[: len(recording) // mains * mains]]
        quiet = hiss * 8
    stream, ends = array.array("h", quiet), []
    for _ in range(swipes):
        for piece in pieces:
            base = len(stream)
            stream.extend(piece)
            ends.extend(base + end for end in swipe_ends(piece, rate))
            if background == "silence":
                stream.extend(quiet)
        stream.extend(quiet)
    stream.extend(quiet)
    if background == "hum":
        # Mains hum at 60 Hz with its 3rd and 5th harmonics, throughout (as a sound card near a power
        # supply hears it): the fundamental at 30% of the swipes' peak.
        level = 0.3 * max(abs(s) for s in recording)
        def hum(i):
            t = 2 * math.pi * 60 * i / rate
            return level * (math.sin(t) + 0.4 * math.sin(3 * t) + 0.2 * math.sin(5 * t))
        stream = array.array("h", [max(-32768, min(32767, int(v + hum(i)))) for i, v in enumerate(stream)])
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
    while len(arrivals) < len(ends) and time.monotonic() < deadline:
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
            if b'"card"' in line:
                arrivals.append(now)
    listener.terminate()
    listener.wait()
    writer.join()
    # Each card against the end of the latest swipe written before it arrived.
    end_marks = [marks[end // period] for end in ends if marks[end // period] is not None]
    latencies = []
    for arrival in arrivals:
        before = [mark for mark in end_marks if mark <= arrival]
        if before:
            latencies.append((arrival - before[-1]) * 1000)
    return rate, latencies, len(ends)


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
    parser.add_argument("--latency-only", action="store_true", help="skip the two CPU measurements")
    parser.add_argument("--cpu-only", action="store_true", help="skip the latency measurements")
    args = parser.parse_args()
    for card in () if args.cpu_only else ("accepted", "refused"):
        for background in ("hiss", "hum", "silence"):
            rate, latencies, count = measure_latency(args.binary, args.swipes, args.period, card, background)
            if latencies:
                latencies.sort()
                p95 = latencies[min(len(latencies) - 1, int(round(0.95 * (len(latencies) - 1))))]
                print("latency, end of swipe to JSON line, %s cards, %s after (%d Hz, period %d frames = %.1f ms): "
                      "%d of %d reported, median %.0f ms, p95 %.0f ms, max %.0f ms"
                      % (card, background, rate, args.period, args.period / rate * 1000, len(latencies), count,
                         latencies[len(latencies) // 2], p95, latencies[-1]))
            else:
                print("latency, %s cards, %s after: no swipe was reported" % (card, background))
    if args.latency_only:
        return
    for kind in ("silence", "noise"):
        share = measure_cpu(args.binary, args.seconds, kind, args.period)
        print("cpu while listening to %s at 48 kHz for %d s: %.2f%% of one core" % (kind, args.seconds, share))


if __name__ == "__main__":
    main()
