#!/usr/bin/env python3
"""A large rights database for the analyser's benchmark: POLICIES policies
(artists, labels with two versions, publishers, one platform with consent
clauses) over a catalog of WORKS works, written to OUT/policies.refrain and
OUT/works.jsonl, plus OUT/changed.refrain, the same sources with one
artist's terms changed (she now allows voice clones in the US for verified
requesters) -- what `refrain diff` must find.

    bench/analysis_policies.py OUT [POLICIES] [WORKS]
"""
import json
import os
import sys

out = sys.argv[1]
policies = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
works = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
os.makedirs(out, exist_ok=True)

labels = max(1, policies // 10)          # each issues two versions
publishers = max(1, policies // 20)
artists = policies - 2 * labels - publishers - 1
territories = [["US", "CA", "GB"], ["JP", "KR"], ["BR", "MX", "AR"], ["AU", "NZ"]]


def artist(i, changed=False):
    t = territories[i % len(territories)]
    voice = ('  allow ai.generate.voice when requester.verified and territory == US\n'
             if changed else '  deny ai.generate.voice, ai.engage.persona\n')
    return (f'policy "artist-{i}" by artist "artist-{i}" {{\n'
            f'  effective 2026-0{1 + i % 9}-01\n'
            f'  allow ai.train.generative when purpose in ["commercial", "research"] and territory in [{", ".join(t)}] + EU\n'
            f'    pay {1 + i % 7}% * revenue\n'
            f'    duty attribution "Trained with music by artist {i}"\n'
            f'  allow ai.train.analytic\n'
            f'  allow ai.produce when requester.kind == "artist" or units < {100 + i}\n'
            f'{voice}'
            f'  deny ai.generate.style when not has(output.labelled_ai) or not output.labelled_ai\n'
            f'}}\n')


def label(i):
    text = ''
    for version, (start, fee) in enumerate([("2025-01-01", "1000.00"), ("2026-07-01", "1500.00")]):
        text += (f'policy "label-{i}" by label "label-{i}" {{\n'
                 f'  effective {start}\n'
                 f'  allow ai.train when requester.verified and territory in [US, CA, GB] + EEA\n'
                 f'    pay max({fee} USD, 0.0025 USD * units)\n'
                 f'    split label 50%, artist 50%\n'
                 f'  allow ai.produce\n'
                 f'  deny ai.generate.voice when not requester.verified\n'
                 + ('  deny ai.train.generative when has(model.open_weights) and model.open_weights\n' if version else '') +
                 f'}}\n')
    return text


def publisher(i):
    return (f'policy "publisher-{i}" by publisher "publisher-{i}" {{\n'
            f'  allow ai.train.analytic\n'
            f'  allow ai.generate.remix when requester.kind == "artist" pay 250.00 USD\n'
            f'  deny ai.generate.style\n'
            f'}}\n')


platform = '''policy "platform" by platform "streamco" {
  consent from artist, label for ai.produce
  consent from artist for ai.engage
  deny ai when requester.kind == "blocked"
}
'''


def sources(changed):
    parts = [artist(i, changed and i == 7) for i in range(artists)]
    parts += [label(i) for i in range(labels)]
    parts += [publisher(i) for i in range(publishers)]
    parts.append(platform)
    return '\n'.join(parts)


with open(os.path.join(out, 'policies.refrain'), 'w') as f:
    f.write(sources(False))
with open(os.path.join(out, 'changed.refrain'), 'w') as f:
    f.write(sources(True))
with open(os.path.join(out, 'works.jsonl'), 'w') as f:
    for w in range(works):
        holders = [{"party": f"artist-{w % artists}", "role": "artist"},
                   {"party": f"label-{w % labels}", "role": "label"}]
        if w % 3 == 0:
            holders.append({"party": f"publisher-{w % publishers}", "role": "publisher"})
        f.write(json.dumps({"id": f"XXBEN{w:07d}", "title": f"Work {w}", "rightsholders": holders}) + "\n")
