package org.robustj.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Base of the wrappers that change what a model offers but not what it is ({@link QueryOnlyModel},
 * {@link BpdaModel}): its identity (card, source, hash), shape, classes and resources are the wrapped model's,
 * written once here; a wrapper overrides only what it changes. Closing the wrapper closes the wrapped model.
 */
public abstract class ForwardingClassifier implements Classifier {
    /** The wrapped model. */
    protected final Classifier inner;

    protected ForwardingClassifier(Classifier inner) {
        this.inner = inner;
    }

    @Override
    public Shape inputShape() {
        return inner.inputShape();
    }

    @Override
    public int numClasses() {
        return inner.numClasses();
    }

    @Override
    public ModelCard card() {
        return inner.card();
    }

    @Override
    public String source() {
        return inner.source();
    }

    @Override
    public String sha256() {
        return inner.sha256();
    }

    @Override
    public NDManager manager() {
        return inner.manager();
    }

    @Override
    public void close() {
        inner.close();
    }
}
