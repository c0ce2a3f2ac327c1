#!/usr/bin/env python3
"""The one benchmark table: reads every BENCH line of a run's logs and writes one Markdown document.

    tests/bench/table.py [--out FILE] LOG_OR_DIR...

A line is
    BENCH {"section":"S","row":"R","metric":"M","value":N,"unit":"U"}
(the contract in the README's "Performance and reliability"); INFO {"key","value"} lines add to the
machine's description (OBS version, GL renderer), NOTE {"section","text"} lines say how a section
was measured. Anything else is ignored. A directory stands for its *.txt and *.log files. When the
same section, row and metric come twice, the last one read counts.

Prints the document and writes it to FILE: the machine (CPU, cores, RAM of this machine, read here;
GL renderer and OBS version from the logs), the date, the targets of issue 12 (met / not met with
the numbers), the computed ratios, then one table per section in the contract's order. A section
without numbers says "not measured"; so does a ratio or target whose inputs are missing.
"""

import argparse
import datetime
import json
import os
import re
import sys

# The contract: sections, their rows and metrics in the order the table shows them. Rows or
# metrics that are not listed (the memory section's rows are free text) follow in reading order.
SECTIONS = [
    ("frame", "Headless libobs: CPU per frame of each overlay (video_tick + video_render)",
     ["product card", "order ticker", "sales goal", "countdown", "QR code", "all five"],
     ["median steady", "p99 steady", "median 500 orders/s", "p99 500 orders/s"]),
    ("obs-overlay", "Real OBS 30.2, 1920x1080 canvas: what each overlay adds to an empty scene, "
     "and what OBS's own image source showing the overlay's pixels adds",
     ["product card", "order ticker", "sales goal", "countdown", "QR code", "card + ticker"],
     ["render ms", "cpu %", "image source render ms", "image source cpu %", "ratio cpu"]),
    ("obs-process", "Real OBS over 30 s: OBS's CPU-seconds, and its memory at the end of the window",
     ["colour rectangle", "colour rectangle + card + ticker (1 order/s)"],
     ["cpu s", "PSS anon MB", "PSS file MB", "PSS MB"]),
    ("chromium", "Headless Chromium (the engine of OBS's browser source) showing the same card and ticker "
     "as HTML at 1280x720 for 30 s, its whole process tree",
     ["card + ticker animating", "card + ticker delivering 30 fps"],
     ["cpu s", "PSS MB", "processes"]),
    ("latency", "Order to screen: from the shop's write to the first rendered frame that shows it",
     ["order to screen (json long-poll)"],
     ["p50 ms", "p95 ms", "samples"]),
    ("catalog", "A large catalog and a deck import",
     ["100,000 products", "1,000-row CSV"],
     ["parse ms", "memory MB", "dock index ms", "dock search ms", "import ms"]),
    ("rush", "A rush of orders in real OBS with card, ticker and goal showing",
     ["500 orders/s for 60 s (real OBS)"],
     ["skipped frames", "rendered frames", "PSS MB before", "PSS MB after"]),
    ("memory", "Where the memory OBS gains with card + ticker goes", [], ["MB"]),
]

LINE = re.compile(r"^\s*(BENCH|INFO|NOTE) (\{.*\})\s*$")

PSS_TARGET_MB = 40.0
IMAGE_RATIO_TARGET = 1.2
CHROMIUM_TARGET = 10.0

OBS_A = "colour rectangle"
OBS_B = "colour rectangle + card + ticker (1 order/s)"


def files_of(paths):
    for p in paths:
        if os.path.isdir(p):
            for name in sorted(os.listdir(p)):
                full = os.path.join(p, name)
                if os.path.isfile(full) and name.endswith((".txt", ".log")):
                    yield full
        else:
            yield p


def read(paths):
    """(values {(section,row,metric): (value, unit)}, row order, info {key: value}, notes {section: [text]})"""
    values, order, info, notes = {}, {}, {}, {}
    for path in files_of(paths):
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                lines = f.readlines()
        except OSError as e:
            print(f"table.py: {path}: {e.strerror}", file=sys.stderr)
            continue
        for line in lines:
            m = LINE.match(line)
            if not m:
                continue
            try:
                obj = json.loads(m.group(2))
            except json.JSONDecodeError:
                print(f"table.py: {path}: not JSON: {line.strip()}", file=sys.stderr)
                continue
            if m.group(1) == "INFO":
                if isinstance(obj.get("key"), str):
                    info[obj["key"]] = str(obj.get("value"))
            elif m.group(1) == "NOTE":
                if isinstance(obj.get("section"), str) and isinstance(obj.get("text"), str):
                    texts = notes.setdefault(obj["section"], [])
                    if obj["text"] not in texts:
                        texts.append(obj["text"])
            else:
                s, r, k, v = obj.get("section"), obj.get("row"), obj.get("metric"), obj.get("value")
                if not all(isinstance(x, str) for x in (s, r, k)) or isinstance(v, bool) or \
                        not isinstance(v, (int, float)) or v != v or v in (float("inf"), float("-inf")):
                    print(f"table.py: {path}: not a BENCH line of the contract: {line.strip()}", file=sys.stderr)
                    continue
                values[(s, r, k)] = (float(v), str(obj.get("unit", "")))
                rows = order.setdefault(s, {"rows": [], "metrics": []})
                if r not in rows["rows"]:
                    rows["rows"].append(r)
                if k not in rows["metrics"]:
                    rows["metrics"].append(k)
    return values, order, info, notes


def fmt(v, unit=""):
    if v is None:
        return "not measured"
    a = abs(v)
    if v == int(v) and (a >= 10 or unit in ("", "frames")):
        text = f"{int(v):,}"
    elif a >= 100:
        text = f"{v:,.0f}"
    elif a >= 10:
        text = f"{v:.1f}"
    else:
        text = f"{v:.2f}"
    if unit in ("", "×"):
        return text + unit
    if unit == "%":
        return text + " %"
    return f"{text} {unit}"


def machine(info):
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    ram = "?"
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                    break
    except OSError:
        pass
    out = [f"- CPU: {cpu}, {os.cpu_count()} cores; RAM {ram}"]
    out.append(f"- GL renderer: {info.get('GL renderer', 'not reported')}")
    out.append(f"- OBS: {info.get('OBS version', 'not reported')}"
               + (f", canvas {info['canvas']}" if "canvas" in info else "")
               + (f"; module {info['module version']}" if "module version" in info else ""))
    for k, v in info.items():
        if k not in ("GL renderer", "OBS version", "canvas", "module version"):
            out.append(f"- {k}: {v}")
    return out


def computed(values):
    """Ratios and targets: ([(what, number text)], [(target, numbers, verdict)])."""
    get = lambda s, r, k: values.get((s, r, k), (None, ""))[0]  # noqa: E731
    ratios, targets = [], []

    cpu_a, cpu_b = get("obs-process", OBS_A, "cpu s"), get("obs-process", OBS_B, "cpu s")
    pss_a, pss_b = get("obs-process", OBS_A, "PSS MB"), get("obs-process", OBS_B, "PSS MB")
    cpu_added = cpu_b - cpu_a if cpu_a is not None and cpu_b is not None else None
    pss_added = pss_b - pss_a if pss_a is not None and pss_b is not None else None

    if pss_added is None:
        targets.append((f"card + ticker add at most {PSS_TARGET_MB:.0f} MB PSS", "not measured", "not measured"))
    else:
        anon_a, anon_b = get("obs-process", OBS_A, "PSS anon MB"), get("obs-process", OBS_B, "PSS anon MB")
        file_a, file_b = get("obs-process", OBS_A, "PSS file MB"), get("obs-process", OBS_B, "PSS file MB")
        parts = []
        if None not in (anon_a, anon_b, file_a, file_b):
            parts.append(f"anon {anon_b - anon_a:+.1f}, file {file_b - file_a:+.1f}")
        detail = f"{pss_added:+.1f} MB ({fmt(pss_a, 'MB')} → {fmt(pss_b, 'MB')}{'; ' + parts[0] if parts else ''})"
        targets.append((f"card + ticker add at most {PSS_TARGET_MB:.0f} MB PSS", detail,
                        "met" if pss_added <= PSS_TARGET_MB else f"not met ({pss_added - PSS_TARGET_MB:+.1f} MB)"))

    ratio = get("obs-overlay", "card + ticker", "ratio cpu")
    ours = get("obs-overlay", "card + ticker", "cpu %")
    image = get("obs-overlay", "card + ticker", "image source cpu %")
    name = f"card + ticker CPU within {IMAGE_RATIO_TARGET}× of OBS's image source showing the same pixels"
    if ratio is None:
        if ours is not None and image is not None and ours <= 0 < image:
            targets.append((name, f"ours added no measurable CPU ({fmt(ours, '%')}; image source {fmt(image, '%')})",
                            "met"))
        elif ours is not None and image is not None:
            targets.append((name, f"ours {fmt(ours, '%')}, image source {fmt(image, '%')}: no ratio (the image source "
                            "added no measurable CPU)", "not measured"))
        else:
            targets.append((name, "not measured", "not measured"))
    else:
        targets.append((name, f"{fmt(ratio, '×')} (ours {fmt(ours, '%')}, image source {fmt(image, '%')})",
                        "met" if ratio <= IMAGE_RATIO_TARGET else "not met"))
    for r in SECTIONS[1][2]:
        x = get("obs-overlay", r, "ratio cpu")
        if x is not None:
            ratios.append((f"{r}: CPU ours / OBS's image source", fmt(x, "×")))

    for row, label in (("card + ticker animating", "animating"), ("card + ticker delivering 30 fps",
                                                                  "delivering 30 fps")):
        c = get("chromium", row, "cpu s")
        name = f"≥ {CHROMIUM_TARGET:.0f}× less CPU than Chromium ({label})"
        if c is None or cpu_added is None:
            targets.append((name, "not measured", "not measured"))
        elif cpu_added <= 0:
            ratios.append((f"Chromium {label} CPU / ours", f"ours added no measurable CPU ({cpu_added:+.2f} s)"))
            targets.append((name, f"Chromium {fmt(c, 's')}, ours added {cpu_added:+.2f} s per 30 s", "met"))
        else:
            x = c / cpu_added
            ratios.append((f"Chromium {label} CPU / ours", f"{fmt(c, 's')} / {fmt(cpu_added, 's')} = {fmt(x, '×')}"))
            targets.append((name, f"{fmt(x, '×')} ({fmt(c, 's')} vs {fmt(cpu_added, 's')} per 30 s)",
                            "met" if x >= CHROMIUM_TARGET else "not met"))
    for row, label in (("card + ticker animating", "animating"), ("card + ticker delivering 30 fps",
                                                                  "delivering 30 fps")):
        p = get("chromium", row, "PSS MB")
        name = f"≥ {CHROMIUM_TARGET:.0f}× less memory than Chromium ({label})"
        if p is None or pss_added is None:
            targets.append((name, "not measured", "not measured"))
        elif pss_added <= 0:
            targets.append((name, f"Chromium {fmt(p, 'MB')}, ours added {pss_added:+.1f} MB", "met"))
        else:
            x = p / pss_added
            ratios.append((f"Chromium {label} PSS / ours added", f"{fmt(p, 'MB')} / {fmt(pss_added, 'MB')} = {fmt(x, '×')}"))
            targets.append((name, f"{fmt(x, '×')} ({fmt(p, 'MB')} vs {fmt(pss_added, 'MB')} added)",
                            "met" if x >= CHROMIUM_TARGET else "not met"))
    if cpu_added is not None:
        ratios.append(("obs-process: CPU added by card + ticker per 30 s", fmt(cpu_added, "s")))
    if pss_added is not None:
        ratios.append(("obs-process: PSS added by card + ticker", fmt(pss_added, "MB")))
    return ratios, targets


def document(values, order, info, notes, now):
    out = ["# obs-live-commerce: the benchmark table", ""]
    out.append(f"Measured {now:%Y-%m-%d %H:%M} UTC on:")
    out += machine(info)
    out.append("")

    ratios, targets = computed(values)
    out += ["## Targets (issue 12)", "", "| Target | Measured | Verdict |", "|---|---|---|"]
    out += [f"| {t} | {n} | {v} |" for t, n, v in targets]
    out.append("")
    out += ["## Ratios", ""]
    if ratios:
        out += ["| Ratio | Value |", "|---|---|"] + [f"| {w} | {v} |" for w, v in ratios]
    else:
        out.append("Not measured.")
    out.append("")

    known = {s for s, *_ in SECTIONS}
    extra = [(s, "(a section outside the contract)", [], []) for s in order if s not in known]
    for section, title, rows, metrics in SECTIONS + extra:
        out += [f"## {section}: {title}", ""]
        seen = order.get(section)
        if not seen:
            out += ["Not measured.", ""]
            continue
        cols = metrics + [m for m in seen["metrics"] if m not in metrics]
        cols = [m for m in cols if any((section, r, m) in values for r in seen["rows"])]
        all_rows = [r for r in rows if r in seen["rows"]] + [r for r in seen["rows"] if r not in rows]
        out.append("| | " + " | ".join(cols) + " |")
        out.append("|---" * (len(cols) + 1) + "|")
        for r in all_rows:
            cells = []
            for m in cols:
                v = values.get((section, r, m))
                cells.append(fmt(*v) if v else "–")
            out.append(f"| {r} | " + " | ".join(cells) + " |")
        missing = [r for r in rows if r not in seen["rows"]]
        if missing:
            out += ["", "Not measured: " + ", ".join(missing) + "."]
        for text in notes.get(section, []):
            out += ["", text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")]
        out.append("")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", help="also write the document here")
    ap.add_argument("logs", nargs="+", help="log files (or directories of *.txt and *.log) holding BENCH lines")
    a = ap.parse_args()
    values, order, info, notes = read(a.logs)
    doc = document(values, order, info, notes, datetime.datetime.now(datetime.timezone.utc))
    if a.out:
        os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
        with open(a.out, "w", encoding="utf-8") as f:
            f.write(doc + "\n")
    print(doc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
