package org.robustj.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.robustj.errors.InvalidInputException;
import org.robustj.provenance.Hashes;

/**
 * A deep ensemble ({@code ensemble:a.pt,b.onnx,zoo:x}): the mean of its members' probabilities, answered as
 * logits log p̄ ({@link RandomDraws#predictive}; the mean of probabilities, not of logits or log-probabilities,
 * as the posterior predictive of Feng et al. 2024, arXiv 2404.19640). Members must agree on the input shape and
 * the number of classes. An ensemble of identical members gives the member's probabilities (its logits shifted by
 * a constant per row, so cross-entropy, margins and DLR are unchanged). It offers what every member offers (input
 * gradients if all have them), never a layer graph or trainable weights, and is
 * {@link ModelCapability#RANDOMIZED} when a member is: each member then draws from its own keys derived from the
 * row's key.
 */
public final class EnsembleModel implements Classifier {
    private final List<Classifier> members;
    private final String source;
    private final NDManager manager;
    private final String sha256;
    private final ModelCard card;

    /**
     * An ensemble of opened members (it owns them: closing it closes them).
     *
     * @param parent the parent of the ensemble's own manager
     * @param members at least one model; all of the same input shape and classes
     * @param source how the user named it
     * @throws InvalidInputException naming the first member that does not fit the first one
     */
    public EnsembleModel(NDManager parent, List<Classifier> members, String source) {
        if (members.isEmpty()) {
            throw new InvalidInputException("ensemble " + source + " has no members");
        }
        Classifier first = members.get(0);
        for (Classifier m : members.subList(1, members.size())) {
            if (!m.inputShape().equals(first.inputShape()) || m.numClasses() != first.numClasses()) {
                throw new InvalidInputException("ensemble member " + m.source() + " takes inputs of shape "
                        + m.inputShape() + " with " + m.numClasses() + " classes, but " + first.source() + " takes "
                        + first.inputShape() + " with " + first.numClasses() + " classes; members must agree on both");
            }
        }
        this.members = List.copyOf(members);
        this.source = source;
        this.manager = parent.newSubManager();
        StringBuilder hashes = new StringBuilder();
        List<String> archs = new ArrayList<>();
        for (Classifier m : members) {
            hashes.append(m.sha256()).append('\n');
            archs.add(m.card() != null && m.card().architecture() != null ? m.card().architecture() : m.source());
        }
        this.sha256 = Hashes.sha256(hashes.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<Long> in = new ArrayList<>();
        for (long d : first.inputShape().getShape()) in.add(d);
        ModelCard c = first.card();
        this.card = new ModelCard("ensemble", "ensemble", "ensemble(" + String.join(", ", archs) + ")", null,
                c != null ? c.dataset() : null, in, first.numClasses(), c != null ? c.classNames() : null, null, null,
                null, null, null, sha256, null, null, null);
    }

    /** The members, in the order given. */
    public List<Classifier> members() {
        return members;
    }

    @Override
    public NDArray logits(NDArray x) {
        return capabilities().contains(ModelCapability.RANDOMIZED) ? logits(x, RandomDraws.ofContent(x))
                : combine(x, null);
    }

    @Override
    public NDArray logits(NDArray x, long[] draws) {
        return combine(x, draws);
    }

    private NDArray combine(NDArray x, long[] draws) {
        int n = (int) x.getShape().get(0);
        int k = members.size();
        if (k == 1) {
            NDArray z = draws == null ? members.get(0).logits(x) : members.get(0).logits(x, RandomDraws.derive(draws, 0));
            return z.logSoftmax(1);
        }
        // rows i·k + m of the stack are member m's logits of row i, the layout RandomDraws.predictive reads
        NDArray[] z = new NDArray[k];
        for (int m = 0; m < k; m++) {
            z[m] = (draws == null ? members.get(m).logits(x) : members.get(m).logits(x, RandomDraws.derive(draws, m)))
                    .expandDims(1);
        }
        NDArray stacked = ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(z), 1);
        return RandomDraws.predictive(stacked.reshape((long) n * k, numClasses()), n, k);
    }

    @Override
    public Set<ModelCapability> capabilities() {
        Set<ModelCapability> c = EnumSet.of(ModelCapability.LOGITS, ModelCapability.INPUT_GRADIENTS);
        boolean random = false;
        for (Classifier m : members) {
            c.retainAll(m.capabilities());
            c.add(ModelCapability.LOGITS);
            random |= m.capabilities().contains(ModelCapability.RANDOMIZED);
        }
        if (random) c.add(ModelCapability.RANDOMIZED);
        return c;
    }

    @Override
    public List<Note> notes() {
        List<Note> all = new ArrayList<>();
        for (Classifier m : members) all.addAll(m.notes());
        return all;
    }

    @Override
    public Shape inputShape() {
        return members.get(0).inputShape();
    }

    @Override
    public int numClasses() {
        return members.get(0).numClasses();
    }

    /** Only the output: members' layers are their own. */
    @Override
    public List<String> layers() {
        return OutputLayer.LAYERS;
    }

    @Override
    public Map<String, NDArray> activations(NDArray x, List<String> names) {
        return OutputLayer.activations(this, x, names, "an ensemble's layers are its members'");
    }

    @Override
    public ModelCard card() {
        return card;
    }

    @Override
    public String source() {
        return source;
    }

    /** SHA-256 of the members' SHA-256s, one a line, in order. */
    @Override
    public String sha256() {
        return sha256;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        for (Classifier m : members) m.close();
        manager.close();
    }
}
