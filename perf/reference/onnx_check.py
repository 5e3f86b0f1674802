"""Checks ONNX files written by `robustj export` with the onnx package's own checker and shape inference
(Debian's python3-onnx 1.12; it has no runtime, so logits are compared by robustj itself when it reads the
export back). Not part of the tests.

    /usr/bin/python3 perf/reference/onnx_check.py out1.onnx [out2.onnx ...]
"""
import sys

import onnx
from onnx import shape_inference


def main(paths):
    bad = 0
    for p in paths:
        m = onnx.load(p)
        try:
            onnx.checker.check_model(m, full_check=True)
            inferred = shape_inference.infer_shapes(m, check_type=True, strict_mode=True)
            out = inferred.graph.output[0].type.tensor_type.shape
            dims = [d.dim_param or d.dim_value for d in out.dim]
            ops = sorted({n.op_type for n in m.graph.node})
            print(f"{p}: ok, opset {m.opset_import[0].version}, output {dims}, operators {', '.join(ops)}")
        except Exception as e:  # noqa: BLE001 - report every file
            bad += 1
            print(f"{p}: FAILED: {e}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
