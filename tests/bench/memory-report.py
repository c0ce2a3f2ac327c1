#!/usr/bin/env python3
"""The report of tests/bench/memory.sh: OBS's memory growth with a product card and an order ticker.

    memory-report.py OUT_DIR

Reads OUT_DIR/plain/smaps-{rect,shop,overlays}.txt (copies of /proc/PID/smaps of the OBS process
after each step of tests/bench/memory.mjs) and, when the heaptrack runs are there, the stacks
heaptrack_print wrote for them (OUT_DIR/heaptrack-*/stacks.txt). Prints readable lines and, per
part of the growth, a line
    BENCH {"section":"memory","row":PART,"metric":"MB","value":N,"unit":"MB"}
(MB = 10^6 bytes, as the other sections count PSS).
"""
import json
import os
import re
import sys

MB = 1e6


def bench(row, value):
    print('BENCH ' + json.dumps({'section': 'memory', 'row': row, 'metric': 'MB', 'value': round(value, 2), 'unit': 'MB'},
                                ensure_ascii=False))


def read_smaps(path):
    """[{start, end, perms, name, fields{Pss_Anon: kB, ...}}] of one smaps file."""
    maps = []
    head = re.compile(r'^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \d+\s*(.*)$')
    with open(path, encoding='utf-8', errors='replace') as f:
        for line in f:
            m = head.match(line)
            if m:
                maps.append({'start': int(m.group(1), 16), 'end': int(m.group(2), 16), 'perms': m.group(3),
                             'name': m.group(4).strip(), 'f': {}})
            elif maps and ':' in line:
                key, _, rest = line.partition(':')
                parts = rest.split()
                if parts and parts[-1] == 'kB':
                    maps[-1]['f'][key] = int(parts[0])
    return maps


def anon_kb(m):
    """A mapping's anonymous PSS. Per-mapping smaps has no Pss_Anon before Linux 6.x: its
    "Anonymous" pages are private to OBS (it shares none with a child), so they count in full."""
    f = m['f']
    if 'Pss_Anon' in f:
        return f['Pss_Anon']
    if m['name'].startswith(('/memfd:', '/dev/shm', '/SYSV')):
        return 0
    return min(f.get('Anonymous', 0), f.get('Pss', 0))


def file_kb(m):
    f = m['f']
    if 'Pss_File' in f:
        return f['Pss_File']
    if not m['name'].startswith('/') or m['name'].startswith(('/memfd:', '/dev/shm', '/SYSV')):
        return 0
    return f.get('Pss', 0) - anon_kb(m)


def shmem_kb(m):
    f = m['f']
    if 'Pss_Shmem' in f:
        return f['Pss_Shmem']
    return f.get('Pss', 0) if m['name'].startswith(('/memfd:', '/dev/shm', '/SYSV')) else 0


def file_part(name):
    """The part of OBS a file-backed mapping belongs to."""
    base = os.path.basename(name)
    if name.startswith('/usr/share/fonts') or re.search(r'\.(ttf|otf|ttc|pfb)$', base, re.I):
        return 'file: fonts'
    if base.startswith('libLLVM'):
        return 'file: LLVM (llvmpipe shader JIT)'
    if re.match(r'lib(gallium|GLX_mesa|EGL_mesa|glapi|GL|EGL|GLX|GLdispatch|gbm|drm)', base) or '/dri/' in name:
        return 'file: Mesa/GL'
    if base.startswith('libQt6') or '/qt6/plugins/' in name:
        return 'file: Qt'
    if base == 'obs-live-commerce.so':
        return 'file: our module'
    if base.startswith('libobs') or '/obs-plugins/' in name or base == 'obs':
        return 'file: OBS and its plugins'
    if base.startswith(('libfontconfig', 'libfreetype', 'libharfbuzz', 'libpng', 'libicu')):
        return 'file: fontconfig/freetype/harfbuzz/ICU'
    if name.startswith('/usr/lib/locale') or base.endswith('.cache-9') or 'fontconfig' in name:
        return 'file: locale and font caches'
    if '.so' in base:
        return 'file: other libraries'
    return 'file: other files'


def anon_parts(maps):
    """{part: kB of Pss_Anon} of one snapshot. glibc's per-thread arenas are 64 MiB-aligned
    reservations (HEAP_MAX_SIZE) of which only the touched part counts; thread stacks are the 8 MiB
    mappings behind a guard page; executable anonymous memory is LLVM's JIT code."""
    out = {}

    def add(part, kb):
        out[part] = out.get(part, 0) + kb

    arena_bases = set()
    for i, m in enumerate(maps):
        if m['name'] or m['start'] % (64 << 20):
            continue
        # An arena: its first mapping starts on a 64 MiB boundary and the reservation around it
        # (rw- then ---p) ends within 64 MiB of it.
        size = m['end'] - m['start']
        nxt = maps[i + 1] if i + 1 < len(maps) else None
        reserved = nxt and not nxt['name'] and nxt['perms'] == '---p' and nxt['start'] == m['end'] and \
            nxt['end'] - m['start'] == 64 << 20
        if m['perms'].startswith('rw') and (size == 64 << 20 or reserved):
            arena_bases.add(m['start'])
    for i, m in enumerate(maps):
        kb = anon_kb(m)
        if not kb:
            continue
        name = m['name']
        if name == '[heap]':
            add('anon: main malloc heap (brk)', kb)
        elif name.startswith('[stack') or name.startswith('[vdso') or name.startswith('[vvar'):
            add('anon: stacks', kb)
        elif name and not name.startswith('['):
            add('anon: in file mappings (relocations, .data/.bss)', kb)
        elif 'x' in m['perms']:
            add('anon: executable (LLVM JIT code)', kb)
        elif (m['start'] & ~((64 << 20) - 1)) in arena_bases:
            add('anon: malloc arenas of other threads', kb)
        elif i > 0 and maps[i - 1]['perms'] == '---p' and maps[i - 1]['end'] == m['start'] and \
                maps[i - 1]['end'] - maps[i - 1]['start'] == 4096 and (m['end'] - m['start']) >= 1 << 20:
            add('anon: thread stacks', kb)
        else:
            add('anon: other mmap (malloc chunks >= 128 KiB, Mesa/llvmpipe buffers)', kb)
    return out


def file_parts(maps):
    out = {}
    for m in maps:
        kb = file_kb(m)
        if kb:
            out[file_part(m['name'])] = out.get(file_part(m['name']), 0) + kb
        sh = shmem_kb(m)
        if sh:
            out['shmem (memfd, /dev/shm)'] = out.get('shmem (memfd, /dev/shm)', 0) + sh
    return out


def totals(maps):
    """PSS totals in kB: smaps_rollup's exact ones when the sample has them, else the sums."""
    t = {'Pss_Anon': sum(anon_kb(m) for m in maps), 'Pss_File': sum(file_kb(m) for m in maps),
         'Pss_Shmem': sum(shmem_kb(m) for m in maps), 'Pss': sum(m['f'].get('Pss', 0) for m in maps)}
    rollup = getattr(maps, 'rollup', None)
    if rollup:
        t.update({k: rollup[k] for k in t if k in rollup})
    return t


class Sample(list):
    rollup = None


def read_sample(smaps, rollup):
    s = Sample(read_smaps(smaps))
    if os.path.exists(rollup):
        s.rollup = {}
        with open(rollup, encoding='utf-8') as f:
            for line in f:
                key, _, rest = line.partition(':')
                parts = rest.split()
                if len(parts) == 2 and parts[1] == 'kB':
                    s.rollup[key] = int(parts[0])
    return s


def diff(a, b):
    keys = sorted(set(a) | set(b))
    return {k: b.get(k, 0) - a.get(k, 0) for k in keys}


def smaps_report(out):
    steps = {}
    for step in ('rect', 'shop', 'overlays'):
        p = os.path.join(out, 'plain', f'smaps-{step}.txt')
        if os.path.exists(p):
            steps[step] = read_sample(p, os.path.join(out, 'plain', f'smaps_rollup-{step}.txt'))
    if 'rect' not in steps or 'overlays' not in steps:
        print('# memory: no smaps samples in', os.path.join(out, 'plain'), file=sys.stderr)
        return False
    print('OBS 30.2.3, llvmpipe, canvas 1920x1080 (PSS, MB = 10^6 bytes):')
    for step, maps in steps.items():
        t = totals(maps)
        print(f'  {step:9s} PSS {t["Pss"] * 1024 / MB:7.1f}  anon {t["Pss_Anon"] * 1024 / MB:7.1f}  '
              f'file {t["Pss_File"] * 1024 / MB:6.1f}  shmem {t["Pss_Shmem"] * 1024 / MB:5.1f}')
    a, b = totals(steps['rect']), totals(steps['overlays'])
    grow = {k: (b[k] - a[k]) * 1024 / MB for k in a}
    print(f'card + ticker + json shop + orders added: PSS {grow["Pss"]:+.1f} MB (anon {grow["Pss_Anon"]:+.1f}, '
          f'file {grow["Pss_File"]:+.1f}, shmem {grow["Pss_Shmem"]:+.1f})')
    bench('PSS added (card + ticker + json shop)', grow['Pss'])
    bench('PSS anon added', grow['Pss_Anon'])
    bench('PSS file added', grow['Pss_File'])
    if 'shop' in steps:
        s = totals(steps['shop'])
        bench('PSS added by the json shop connection alone', (s['Pss'] - a['Pss']) * 1024 / MB)
        bench('PSS added by card + ticker after the shop', (b['Pss'] - s['Pss']) * 1024 / MB)
    print('by mapping (rect -> overlays):')
    for name, fn in (('anon', anon_parts), ('file', file_parts)):
        d = diff(fn(steps['rect']), fn(steps['overlays']))
        for k, v in sorted(d.items(), key=lambda kv: -abs(kv[1])):
            if abs(v) * 1024 >= 0.05 * MB:
                print(f'  {k:72s} {v * 1024 / MB:+7.1f} MB')
                bench(k, v * 1024 / MB)
    return True


# heaptrack_print's "MEMORY LEAKS" (-l) of the overlays run diffed (-d) against the shop run: for
# each allocation site ("N leaked over M calls from" and its frame), its backtraces ("N leaked over
# M calls from:", then frames, each with an "in MODULE" line). A backtrace belongs to the first frame, from the allocation up, that is not an
# allocator or a container helper; Mesa's memory is split by whether libobs's texture or buffer
# creation is on the way (textures, our own included) or not (shaders, state).
WRAPPER_FN = re.compile(r'^(malloc|calloc|realloc|free|posix_memalign|aligned_alloc|memalign|valloc|strdup|strndup|'
                        r'__libc_|__strdup|_int_|operator new|bmalloc|bzalloc|brealloc|bmemdup|bstrdup|bwstrdup|'
                        r'dstr_|darray_|da_|QArrayData|QTypedArrayData|QListData|QArrayDataPointer|QtPrivate::|'
                        r'QPodArrayOps|QGenericArrayOps|QMovableArrayOps|QString::reallocData|QByteArray::reallocData|'
                        r'std::|__gnu_cxx::|g_malloc|g_realloc|g_slice|g_new|g_strdup)')
WRAPPER_MODULE = re.compile(r'/(libc\.so|libstdc\+\+\.so|libglib-2\.0\.so|ld-linux)')
SIZE = re.compile(r'^\s*(-?[0-9.]+)([KMGT]?)B? leaked over (-?\d+) calls from(:?)$')
UNITS = {'': 1, 'K': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12}


def heap_part(frames):
    """frames: [(function, module)], allocation first. The part of the breakdown they belong to."""
    texture = any(re.match(r'(gs_texture_create|gs_voltexture_create|gs_cubetexture_create|gs_stagesurface_create|'
                           r'gs_vertexbuffer_create|gs_indexbuffer_create|gs_texture_set_image|gs_zstencil_create|'
                           r'device_texture_create|device_stagesurface_create)', f) for f, _ in frames)
    ours = any(m.endswith('obs-live-commerce.so') for _, m in frames)
    for fn, mod in frames:
        if WRAPPER_FN.match(fn) or (WRAPPER_MODULE.search(mod) and not fn.startswith('_dl_')):
            continue
        base = os.path.basename(mod)
        if base.startswith('libLLVM'):
            return 'LLVM (llvmpipe shader JIT)', ours
        if base.startswith(('libgallium', 'libGLX_mesa', 'libEGL_mesa', 'libglapi', 'swrast', 'libdri')):
            if texture:
                return ('Mesa llvmpipe: our textures' if ours else 'Mesa llvmpipe: textures and buffers (OBS)'), ours
            return 'Mesa llvmpipe: shaders and state', ours
        if base.startswith(('libfreetype', 'libfontconfig', 'libharfbuzz')):
            return 'FreeType/fontconfig/HarfBuzz (fonts Qt loads)', ours
        if base.startswith('libQt6'):
            if re.match(r'(QFont|QFreetype|QTextEngine|QTextLayout|QRawFont|QGlyph|QFontconfig|QStaticText|'
                        r'QFontEngine|QImageTextureGlyphCache|QTextureGlyphCache)', fn):
                return 'Qt: fonts and glyph caches', ours
            if re.match(r'(QImage|QPixmap|QPainter|QRaster|QPaintEngine|qt_|QPngHandler|QImageReader)', fn):
                return 'Qt: images and painting', ours
            return 'Qt: other', ours
        if base == 'obs-live-commerce.so':
            return 'our module (its own allocations)', ours
        if base.startswith(('libcurl', 'libssl', 'libcrypto', 'libnghttp', 'libpsl', 'libidn')):
            return 'curl/OpenSSL', ours
        if base.startswith('libjansson'):
            return 'jansson (JSON)', ours
        if base.startswith(('libobs', 'obs-websocket', 'obs')) or '/obs-plugins/' in mod:
            return 'OBS (libobs, its plugins, the UI)', ours
        if fn.startswith('_dl_') or base.startswith('ld-linux'):
            return 'dynamic loader', ours
        return 'other: ' + (base or fn[:40]), ours
    return 'unknown (allocator frames only)', ours


def parse_leaks(path):
    """[(bytes, frames)] of every backtrace in heaptrack_print's MEMORY LEAKS section."""
    entries, cur, in_leaks, site = [], None, False, None
    with open(path, encoding='utf-8', errors='replace') as f:
        lines = f.read().split('\n')
    for line in lines:
        if line.startswith('MEMORY LEAKS'):
            in_leaks = True
            continue
        if not in_leaks:
            continue
        if line.startswith('total memory leaked') or line.startswith('suppressed leaks'):
            break
        m = SIZE.match(line)
        if m:
            n = float(m.group(1)) * UNITS[m.group(2)]
            if m.group(4):  # "from:": a backtrace of the current site
                cur = [n, []]
                entries.append(cur)
            else:  # "from": a site; its first frame follows, then its backtraces
                site, cur = [n, []], None
            continue
        s = line.strip()
        if not s or s.startswith('and ') or s.startswith('at '):
            continue
        target = cur if cur is not None else site
        if target is None:
            continue
        if s.startswith('in '):
            if target[1]:
                target[1][-1] = (target[1][-1][0], s[3:])
        else:
            target[1].append((s, ''))
    return entries


def heaptrack_report(out):
    path = os.path.join(out, 'heaptrack-diff.txt')
    if not os.path.exists(path):
        return
    parts, ours_total, total = {}, 0.0, 0.0
    for n, frames in parse_leaks(path):
        part, ours = heap_part(frames)
        parts[part] = parts.get(part, 0.0) + n
        total += n
        if ours:
            ours_total += n
    if not parts:
        print('# memory: no MEMORY LEAKS section in', path, file=sys.stderr)
        return
    print('heaptrack: live heap after card + ticker and the orders minus live heap after the shop step')
    print('(two OBS runs under heaptrack, each killed right after its step), by whose code allocated:')
    small = 0.0
    for p, n in sorted(parts.items(), key=lambda kv: -kv[1]):
        if abs(n) < 0.2 * MB:
            small += n
            continue
        print(f'  {p:60s} {n / MB:+7.2f} MB')
        bench('heap: ' + p, n / MB)
    print(f'  {"(parts under 0.2 MB each)":60s} {small / MB:+7.2f} MB')
    bench('heap: parts under 0.2 MB each', small / MB)
    print(f'  {"total":60s} {total / MB:+7.2f} MB, of which through our module\'s code: {ours_total / MB:+.2f} MB')
    bench('heap: total', total / MB)
    bench('heap: through our module', ours_total / MB)


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    ok = smaps_report(sys.argv[1])
    heaptrack_report(sys.argv[1])
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
