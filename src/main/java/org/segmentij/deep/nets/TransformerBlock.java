package org.segmentij.deep.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A pre-norm transformer encoder block on tokens (N, T, E): x + MHSA(LN(x)), then x + MLP(LN(x)).
 * Multi-head self-attention: one E -> 3E projection to queries, keys and values, split into
 * {@code heads} heads of E / heads; softmax(q k^T / sqrt(E / heads)) v per head; heads
 * concatenated and projected E -> E. MLP: E -> ratio E, GELU, -> E.
 */
final class TransformerBlock extends Module {
	private final int dim, heads;
	private final LayerNormLayer ln1, ln2;
	private final Dense qkv, proj, fc1, fc2;

	TransformerBlock(int dim, int heads, int mlpRatio) {
		this.dim = dim;
		this.heads = heads;
		ln1 = addChildBlock("ln1", new LayerNormLayer(dim));
		qkv = addChildBlock("qkv", new Dense(dim, 3 * dim));
		proj = addChildBlock("proj", new Dense(dim, dim));
		ln2 = addChildBlock("ln2", new LayerNormLayer(dim));
		fc1 = addChildBlock("fc1", new Dense(dim, mlpRatio * dim));
		fc2 = addChildBlock("fc2", new Dense(mlpRatio * dim, dim));
	}

	/** Multi-head self-attention of tokens (N, T, E). */
	NDArray attention(ParameterStore ps, NDArray x, boolean training) {
		Shape s = x.getShape();
		long n = s.get(0), t = s.get(1);
		int dh = dim / heads;
		// (N, T, 3, h, dh) -> (3, N, h, T, dh)
		NDArray qkvs = run(qkv, ps, x, training).reshape(n, t, 3, heads, dh).transpose(2, 0, 3, 1, 4);
		NDArray q = qkvs.get(0), k = qkvs.get(1), v = qkvs.get(2);
		NDArray att = q.matMul(k.transpose(0, 1, 3, 2)).mul(1.0 / Math.sqrt(dh)).softmax(3);
		NDArray o = att.matMul(v).transpose(0, 2, 1, 3).reshape(n, t, dim);
		return run(proj, ps, o, training);
	}

	@Override
	protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
		NDArray x = inputs.singletonOrThrow();
		x = x.add(attention(ps, run(ln1, ps, x, training), training));
		NDArray h = Activation.gelu(run(fc1, ps, run(ln2, ps, x, training), training));
		return new NDList(x.add(run(fc2, ps, h, training)));
	}
}
