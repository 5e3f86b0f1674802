#!/usr/bin/python3
"""Independent reference outputs of four corruptions on fixed images, for CorruptionReferenceTest.

brightness and contrast follow make_cifar_c.py's definitions (HSV through Python's colorsys, not skimage, which is
not installed here; contrast with NumPy), pixelate and jpeg_compression are PIL's own resize(BOX) and JPEG save/load,
as the reference generator calls them. The images are fixed formulas (no random numbers), the same ones
CorruptionReferenceTest builds in Java. Run: /usr/bin/python3 perf/reference/corruption_reference.py
It writes robustj-benchmark/src/test/resources/golden/corruptions/reference.json.
"""
import colorsys
import io
import json
import os

import numpy as np
import PIL
from PIL import Image


def image(k, c, h, w):
    """uint8 HWC image number k: a fixed pattern with smooth and sharp parts."""
    x = np.zeros((h, w, c), dtype=np.uint8)
    for ch in range(c):
        for y in range(h):
            for xx in range(w):
                smooth = (xx * 255) // max(1, w - 1) if (y // 4 + k) % 2 == 0 else (y * 255) // max(1, h - 1)
                sharp = (xx * 37 + y * 91 + ch * 53 + ((xx * y) % 17) * 7 + k * 29) % 256
                x[y, xx, ch] = smooth if (xx // 8 + y // 8 + ch) % 2 == 0 else sharp
    return x


def brightness(x, c):
    x = x.astype(np.float64) / 255.
    out = np.empty_like(x)
    for y in range(x.shape[0]):
        for xx in range(x.shape[1]):
            if x.shape[2] == 1:
                out[y, xx, 0] = np.clip(x[y, xx, 0] + c, 0, 1)
                continue
            h, s, v = colorsys.rgb_to_hsv(*x[y, xx])
            out[y, xx] = colorsys.hsv_to_rgb(h, s, min(max(v + c, 0.0), 1.0))
    return np.clip(out, 0, 1)


def contrast(x, c):
    x = x.astype(np.float64) / 255.
    means = np.mean(x, axis=(0, 1), keepdims=True)
    return np.clip((x - means) * c + means, 0, 1)


def pil(x):
    return Image.fromarray(x[..., 0] if x.shape[2] == 1 else x, mode='L' if x.shape[2] == 1 else 'RGB')


def pixelate(x, c):
    n = x.shape[0]
    img = pil(x).resize((int(n * c), int(n * c)), Image.BOX).resize((n, n), Image.BOX)
    a = np.array(img)
    return a.reshape(x.shape)


def jpeg(x, q):
    out = io.BytesIO()
    pil(x).save(out, 'JPEG', quality=q)
    a = np.array(Image.open(out))
    return a.reshape(x.shape)


CIFAR = {'brightness': [.05, .1, .15, .2, .3], 'contrast': [.75, .5, .4, .3, 0.15],
         'pixelate': [0.95, 0.9, 0.85, 0.75, 0.65], 'jpeg_compression': [80, 65, 58, 50, 40]}
MNIST = {'brightness': [.1, .2, .3, .4, .5]}


def chw(a):
    return np.transpose(a, (2, 0, 1)).reshape(-1)


def main():
    cases = []
    # small colour images for the float corruptions, full-size ones for the 8-bit ones
    for k in range(2):
        for name, params in CIFAR.items():
            size = 8 if name in ('brightness', 'contrast') else 32
            x = image(k, 3, size, size)
            for s, p in enumerate(params, start=1):
                if name == 'brightness':
                    y = brightness(x, p)
                elif name == 'contrast':
                    y = contrast(x, p)
                elif name == 'pixelate':
                    y = pixelate(x, p)
                else:
                    y = jpeg(x, p)
                entry = {'suite': 'cifar10', 'image': k, 'channels': 3, 'size': size, 'corruption': name,
                         'severity': s}
                if y.dtype == np.uint8:
                    entry['bytes_hex'] = bytes(chw(y).tolist()).hex()
                else:
                    entry['values'] = [round(float(v), 9) for v in chw(y)]
                cases.append(entry)
    x = image(0, 1, 8, 8)
    for s, p in enumerate(MNIST['brightness'], start=1):
        cases.append({'suite': 'mnist', 'image': 0, 'channels': 1, 'size': 8, 'corruption': 'brightness',
                      'severity': s, 'values': [round(float(v), 9) for v in chw(brightness(x, p))]})
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, '..', '..', 'robustj-benchmark', 'src', 'test', 'resources', 'golden', 'corruptions',
                       'reference.json')
    with open(out, 'w') as f:
        json.dump({'generator': 'perf/reference/corruption_reference.py', 'numpy': np.__version__,
                   'pillow': PIL.__version__, 'cases': cases}, f, indent=0)
        f.write('\n')
    print('wrote', len(cases), 'cases to', os.path.normpath(out))


if __name__ == '__main__':
    main()
