#!/usr/bin/python3
"""Independent reference outputs of four corruptions on fixed images, for CorruptionReferenceTest.

brightness and contrast follow make_cifar_c.py's definitions (HSV through Python's colorsys, not skimage, which is
not installed here; contrast with NumPy), pixelate and jpeg_compression are PIL's own resize(BOX) and JPEG save/load,
as the reference generator calls them. The images are fixed formulas (no random numbers), the same ones
CorruptionReferenceTest builds in Java. Run: /usr/bin/python3 perf/reference/corruption_reference.py
It writes robustj-benchmark/src/test/resources/golden/corruptions/reference.json.

With an MNIST-C checkout (google-research/mnist-c: corruptions.py and pessimal_noise_matrix) given as
  /usr/bin/python3 perf/reference/corruption_reference.py --mnist-c DIR
it also runs MNIST-C's own stripe, dotted_line, zigzag, spatter and canny_edges (skimage 0.19, Debian's
python3-skimage) on fixed images and writes golden/corruptions/mnist_c.json. Its random draws are replaced by given
values (np.random.randint returns fixed rows, np.random.normal a stored layer), so that robustj can draw the same
picture; its imports of Wand and OpenCV, which these five corruptions do not use, are stubbed.
"""
import colorsys
import io
import json
import os
import sys
import types

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


class AnyAttribute:
    """A stub whose every attribute is a settable namespace (MNIST-C sets argtypes on Wand's C functions)."""

    def __getattr__(self, name):
        value = types.SimpleNamespace()
        setattr(self, name, value)
        return value


def load_mnist_c(directory):
    """MNIST-C's corruptions module, imported from its checkout with the unused Wand and OpenCV modules stubbed."""
    for name in ('wand', 'wand.image', 'wand.api', 'wand.color', 'cv2'):
        sys.modules.setdefault(name, types.ModuleType(name))
    sys.modules['wand.image'].Image = object
    sys.modules['wand.api'].library = AnyAttribute()
    np.int = int  # removed in NumPy 1.24; MNIST-C's line_from_points uses it
    here = os.getcwd()
    os.chdir(directory)  # it opens pessimal_noise_matrix from the working directory
    try:
        sys.path.insert(0, directory)
        import corruptions
    finally:
        os.chdir(here)
    return corruptions


class Draws:
    """Stands in for np.random.randint / np.random.normal: returns the given values, in order."""

    def __init__(self, values):
        self.values = list(values)

    def randint(self, low, high=None, size=None):
        if size is None:
            v = self.values.pop(0)
            assert low <= v < high
            return v
        v = np.array([self.values.pop(0) for _ in range(size)])
        assert np.all((low <= v) & (v < high))
        return v

    def normal(self, size=None, loc=0.0, scale=1.0):
        z = self.values.pop(0)
        assert z.shape == size
        return loc + scale * z


def shapes():
    """Fixed 28x28 uint8 test images: a disk, a thick ring, a rectangle and a smooth blob."""
    yy, xx = np.mgrid[0:28, 0:28]
    r = np.hypot(yy - 13.5, xx - 12.0)
    disk = np.where(r < 8, 255, 0)
    ring = np.where((r > 5) & (r < 9), 200, 0)
    rect = np.zeros((28, 28))
    rect[6:22, 9:19] = 255
    blob = 255 * np.exp(-((yy - 14) ** 2 / 30.0 + (xx - 13) ** 2 / 12.0))
    return [a.astype(np.uint8) for a in (disk, ring, rect, blob)]


def mnist_c_cases(directory):
    mc = load_mnist_c(directory)
    real = np.random
    inputs = [image(k, 1, 28, 28)[..., 0] for k in range(2)] + shapes()
    cases = []

    def run(name, x, fn, draws=None, extra=None):
        mc.np.random = Draws(draws) if draws is not None else real
        try:
            y = np.asarray(fn(x), dtype=np.float32)
        finally:
            mc.np.random = real
        case = {'suite': 'mnist', 'corruption': name, 'input': [int(v) for v in x.reshape(-1)],
                'values': [round(float(v) / 255.0, 9) for v in y.reshape(-1)]}
        case.update(extra or {})
        cases.append(case)

    for i, x in enumerate(inputs):
        run('stripe', x, mc.stripe)
        run('canny_edges', x, mc.canny_edges)
    for i, x in enumerate(inputs[:3]):
        for r0, r1 in ((3, 20), (13, 13), (26, 0)):
            run('dotted_line', x, mc.dotted_line, [r0, r1], {'rows': [r0, r1]})
        for r0, off in ((5, -5), (14, 0), (20, 4), (0, -3)):
            run('zigzag', x, mc.zigzag, [r0, off], {'rows': [r0, r0 + off]})
    rng = np.random.default_rng(2026)
    for s in range(1, 6):
        for x in inputs[:2] + inputs[4:]:
            z = rng.standard_normal((28, 28))
            c = [(0.65, 0.3, 4, 0.69, 0.6), (0.65, 0.3, 3, 0.68, 0.6), (0.65, 0.3, 2, 0.68, 0.5),
                 (0.65, 0.3, 1, 0.65, 1.5), (0.67, 0.4, 1, 0.65, 1.5)][s - 1]
            run('spatter', x, lambda a: mc.spatter(a, severity=s), [z],
                {'severity': s, 'liquid': [round(float(v), 12) for v in (c[0] + c[1] * z).reshape(-1)]})
    return cases


def main():
    if '--mnist-c' in sys.argv:
        import skimage
        cases = mnist_c_cases(os.path.abspath(sys.argv[sys.argv.index('--mnist-c') + 1]))
        here = os.path.dirname(os.path.abspath(__file__))
        out = os.path.join(here, '..', '..', 'robustj-benchmark', 'src', 'test', 'resources', 'golden',
                           'corruptions', 'mnist_c.json')
        with open(out, 'w') as f:
            json.dump({'generator': 'perf/reference/corruption_reference.py --mnist-c',
                       'mnist_c_commit': 'bba57e4ccc282f106907c5239958e72298451ea7', 'numpy': np.__version__,
                       'skimage': skimage.__version__, 'cases': cases}, f)
            f.write('\n')
        print('wrote', len(cases), 'cases to', os.path.normpath(out))
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
