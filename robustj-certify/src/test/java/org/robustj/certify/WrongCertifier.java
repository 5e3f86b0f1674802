package org.robustj.certify;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.robustj.model.Classifier;

/**
 * A deliberately wrong, test-only certifier: it claims every correctly classified point verified at every
 * ε, as a buggy bound method might. Tests use it to show that such a bug is caught (certified but broken by
 * an attack), never reported as a certified accuracy.
 */
public final class WrongCertifier implements Certifier {
    @Override
    public String name() {
        return "test-wrong";
    }

    @Override
    public boolean needsGraph() {
        return false;
    }

    @Override
    public boolean certifiesModel() {
        return true;
    }

    @Override
    public List<PointCertificate> certify(Classifier model, NDArray x, int[] labels, int[] indices,
            CertifyConfig config) {
        float[] z = model.logits(x).toFloatArray();
        int k = model.numClasses();
        List<PointCertificate> out = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            int pred = 0;
            for (int c = 1; c < k; c++) if (z[i * k + c] > z[i * k + pred]) pred = c;
            boolean claim = pred == labels[i];
            List<double[]> lb = new ArrayList<>();
            for (int e = 0; e < config.eps().size(); e++) lb.add(new double[k]);
            out.add(new PointCertificate(indices[i], labels[i], pred, claim ? Collections.max(config.eps()) : 0, lb,
                    Collections.nCopies(config.eps().size(), claim), 0));
        }
        return out;
    }
}
