package org.segmentij.deep.losses;

import java.util.Locale;

import org.segmentij.UsageException;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * The loss of a StarDist network (Schmidt et al., MICCAI 2018): outputs (N, 1 + n, H, W), channel
 * 0 the logit of the object probability, channels 1..n the radial distances divided by a fixed
 * {@code scale} (the network's raw output z gives the distance {@code scale * z} in pixels; a
 * scale of about the objects' radius lets a freshly initialised head reach the distances in a
 * few hundred updates). The targets (N, 1 + n, H, W): channel 0 the object probability target p
 * (the normalised distance transform of {@link org.segmentij.instance.StarConvex#targets}), or
 * -1 for pixels that take no part in the loss (outside the image), channels 1..n the true
 * distances d in pixels.
 * <p>
 * Over the counted pixels i (p_i &ge; 0), rays k = 1..n:
 *
 * <pre>
 * L = mean_i BCE(p_i, sigmoid(z_i0))  +  λ · Σ_i p_i · (1/n) Σ_k |d_ik − scale·z_ik|  /  Σ_i p_i
 * </pre>
 *
 * with {@code BCE(p, q) = −p log q − (1 − p) log(1 − q)} computed stably from the logit. The
 * distance term is the mean absolute error weighted by the probability target and normalised by
 * its sum, as StarDist's masked loss: it does not depend on how much of the crop is object, and
 * pixels near an object's border, whose rays are least certain, count least. A batch without
 * object pixels has no distance term. λ = 0.2 by default (StarDist's {@code train_dist_loss}
 * weight is 0.2 as well).
 */
public final class StarDistLoss extends SegLoss {

	public static final double DEFAULT_LAMBDA = 0.2;

	private final double lambda, scale;

	public StarDistLoss(double lambda, double scale) {
		super("stardist", NO_IGNORE);
		if (!(lambda >= 0) || Double.isInfinite(lambda))
			throw new UsageException("stardist loss: lambda must be >= 0 (got " + lambda + "); e.g. stardist(lambda=0.2).");
		if (!(scale > 0) || Double.isInfinite(scale))
			throw new UsageException("stardist loss: the distance scale must be > 0 (got " + scale + ").");
		this.lambda = lambda;
		this.scale = scale;
	}

	/**
	 * The loss a spec names: {@code stardist} or {@code stardist(lambda=0.2)}; the trainer's
	 * generic default {@code dice+ce} stands for {@code stardist} too.
	 */
	public static StarDistLoss parse(String spec, double scale) {
		String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT).replace(" ", "");
		if (s.isEmpty() || s.equals("dice+ce") || s.equals("stardist"))
			return new StarDistLoss(DEFAULT_LAMBDA, scale);
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("stardist\\(lambda=([0-9.eE+-]+)\\)").matcher(s);
		if (m.matches())
			try {
				return new StarDistLoss(Double.parseDouble(m.group(1)), scale);
			}
			catch (NumberFormatException e) {
				// fall through
			}
		throw new UsageException("Loss '" + spec + "' is not a StarDist loss; --target stardist takes --loss stardist or stardist(lambda=0.2).");
	}

	public double lambda() {
		return lambda;
	}

	public double scale() {
		return scale;
	}

	@Override
	public NDArray compute(NDArray out, NDArray target) {
		Shape s = out.getShape();
		if (s.dimension() != 4 || s.get(1) < 4 || !target.getShape().equals(s))
			throw new UsageException("stardist loss: outputs and targets must both be (N, 1 + rays, H, W) with >= 3 rays; got " + s
					+ " and " + target.getShape());
		long n = s.get(1) - 1;
		NDArray t = target.toType(DataType.FLOAT32, false);
		NDArray z = out.get(new NDIndex(":, 0:1"));
		NDArray p = t.get(new NDIndex(":, 0:1"));
		NDArray valid = p.gte(0f).toType(DataType.FLOAT32, false);
		NDArray pc = p.mul(valid); // ignored pixels: target 0, weight 0
		// BCE from logits: max(z, 0) - z p + log(1 + exp(-|z|))
		NDArray bce = z.maximum(0f).sub(z.mul(pc)).add(Activation.softPlus(z.abs().neg())).mul(valid);
		NDArray count = valid.sum().maximum(1f);
		NDArray loss = bce.sum().div(count);
		if (lambda > 0) {
			NDArray d = t.get(new NDIndex(":, 1:"));
			NDArray dh = out.get(new NDIndex(":, 1:")).mul((float) scale);
			NDArray mae = d.sub(dh).abs().mean(new int[] { 1 }, true); // (N, 1, H, W)
			NDArray weight = pc.sum();
			NDArray dist = mae.mul(pc).sum().div(weight.maximum(1e-6f));
			loss = loss.add(dist.mul((float) lambda));
		}
		return loss;
	}

	@Override
	public String spec() {
		return String.format(Locale.ROOT, "stardist(lambda=%s)", lambda);
	}
}
