package org.segmentij.deep.nets;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.segmentij.UsageException;

/**
 * Hyper-parameters of a segmentation network. Immutable; build with {@link #builder()} or read
 * from key=value options with {@link #fromOptions(Map)}. Not every field is used by every
 * architecture:
 * <ul>
 * <li>{@code inChannels}, {@code classes}, {@code norm}: all.</li>
 * <li>{@code depth}: number of 2x poolings of unet, unet3d and segnet (input multiple 2^depth).</li>
 * <li>{@code base}: channels of the first level (unet, unet3d, segnet, fcn, deeplabv3plus) and of
 * the up-sampling head of vit.</li>
 * <li>{@code upsampling}: unet / unet3d decoder: TRANSPOSED (learned 2x2 stride-2 transposed
 * convolution, the original U-Net), or NEAREST / BILINEAR interpolation followed by a 3x3
 * convolution.</li>
 * <li>{@code atrousRates}, {@code outputStride} (8 or 16): deeplabv3plus.</li>
 * <li>{@code patchSize} (a power of 2), {@code embedDim}, {@code heads}, {@code layers},
 * {@code mlpRatio}, {@code imageSize} (the size the position embedding is learned for): vit.</li>
 * </ul>
 */
public final class NetConfig {

	/** How the U-Net decoder doubles the resolution. */
	public enum Upsampling {
		TRANSPOSED, NEAREST, BILINEAR;

		public static Upsampling parse(String s) {
			switch (s.trim().toLowerCase(Locale.ROOT)) {
			case "transposed":
			case "transpose":
			case "deconv":
				return TRANSPOSED;
			case "nearest":
				return NEAREST;
			case "bilinear":
			case "linear":
				return BILINEAR;
			default:
				throw new UsageException("unknown upsampling '" + s + "'; use transposed, nearest or bilinear");
			}
		}

		@Override
		public String toString() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	public final int inChannels, classes, depth, base;
	public final Norm norm;
	public final Upsampling upsampling;
	private final int[] atrousRates;
	public final int outputStride, patchSize, embedDim, heads, layers, mlpRatio, imageSize;

	private NetConfig(Builder b) {
		inChannels = b.inChannels;
		classes = b.classes;
		depth = b.depth;
		base = b.base;
		norm = b.norm;
		upsampling = b.upsampling;
		atrousRates = b.atrousRates.clone();
		outputStride = b.outputStride;
		patchSize = b.patchSize;
		embedDim = b.embedDim;
		heads = b.heads;
		layers = b.layers;
		mlpRatio = b.mlpRatio;
		imageSize = b.imageSize;
		check(inChannels >= 1, "in_channels must be >= 1 (got " + inChannels + ")");
		check(classes >= 1, "classes must be >= 1 (got " + classes + "); use 1 for a single sigmoid output, 2+ for softmax");
		check(depth >= 1 && depth <= 8, "depth must be in 1..8 (got " + depth + "); use e.g. depth=4");
		check(base >= 1, "base must be >= 1 (got " + base + "); use e.g. base=32");
		check(outputStride == 8 || outputStride == 16, "output_stride must be 8 or 16 (got " + outputStride + ")");
		check(atrousRates.length >= 1, "atrous_rates needs at least one rate; use e.g. 6,12,18");
		for (int r : atrousRates)
			check(r >= 1, "atrous rates must be >= 1 (got " + Arrays.toString(atrousRates) + ")");
		check(patchSize >= 2 && Integer.bitCount(patchSize) == 1, "patch_size must be a power of 2 >= 2 (got " + patchSize + "); use e.g. 16");
		check(embedDim >= 1 && heads >= 1 && embedDim % heads == 0,
				"embed_dim must be a positive multiple of heads (got embed_dim=" + embedDim + ", heads=" + heads + ")");
		check(layers >= 1, "layers must be >= 1 (got " + layers + ")");
		check(mlpRatio >= 1, "mlp_ratio must be >= 1 (got " + mlpRatio + ")");
		check(imageSize >= patchSize && imageSize % patchSize == 0,
				"image_size must be a multiple of patch_size (got image_size=" + imageSize + ", patch_size=" + patchSize + ")");
	}

	private static void check(boolean ok, String message) {
		if (!ok)
			throw new UsageException(message);
	}

	public int[] atrousRates() {
		return atrousRates.clone();
	}

	public static Builder builder() {
		return new Builder();
	}

	/** A builder holding this configuration's values. */
	public Builder toBuilder() {
		Builder b = new Builder();
		b.inChannels = inChannels;
		b.classes = classes;
		b.depth = depth;
		b.base = base;
		b.norm = norm;
		b.upsampling = upsampling;
		b.atrousRates = atrousRates.clone();
		b.outputStride = outputStride;
		b.patchSize = patchSize;
		b.embedDim = embedDim;
		b.heads = heads;
		b.layers = layers;
		b.mlpRatio = mlpRatio;
		b.imageSize = imageSize;
		return b;
	}

	/** The defaults: 1 input channel, 2 classes, depth 4, base 32, batch norm, transposed up-sampling. */
	public static NetConfig defaults() {
		return builder().build();
	}

	/**
	 * Reads snake_case options (in_channels, classes, depth, base, norm, upsampling, atrous_rates
	 * as "6,12,18", output_stride, patch_size, embed_dim, heads, layers, mlp_ratio, image_size);
	 * missing keys keep their defaults, unknown keys are an error.
	 */
	public static NetConfig fromOptions(Map<String, String> options) {
		Builder b = builder();
		for (Map.Entry<String, String> e : options.entrySet()) {
			String k = e.getKey().trim().toLowerCase(Locale.ROOT), v = e.getValue().trim();
			switch (k) {
			case "in_channels": b.inChannels(intOf(k, v)); break;
			case "classes": b.classes(intOf(k, v)); break;
			case "depth": b.depth(intOf(k, v)); break;
			case "base": b.base(intOf(k, v)); break;
			case "norm": b.norm(Norm.parse(v)); break;
			case "upsampling": b.upsampling(Upsampling.parse(v)); break;
			case "atrous_rates":
				String[] parts = v.split("[,;/ ]+");
				int[] r = new int[parts.length];
				for (int i = 0; i < r.length; i++)
					r[i] = intOf(k, parts[i]);
				b.atrousRates(r);
				break;
			case "output_stride": b.outputStride(intOf(k, v)); break;
			case "patch_size": b.patchSize(intOf(k, v)); break;
			case "embed_dim": b.embedDim(intOf(k, v)); break;
			case "heads": b.heads(intOf(k, v)); break;
			case "layers": b.layers(intOf(k, v)); break;
			case "mlp_ratio": b.mlpRatio(intOf(k, v)); break;
			case "image_size": b.imageSize(intOf(k, v)); break;
			default:
				throw new UsageException("unknown network option '" + e.getKey() + "'; known: " + String.join(", ", defaults().toOptions().keySet()));
			}
		}
		return b.build();
	}

	private static int intOf(String key, String v) {
		try {
			return Integer.parseInt(v);
		} catch (NumberFormatException ex) {
			throw new UsageException(key + " must be an integer (got '" + v + "')");
		}
	}

	/** The inverse of {@link #fromOptions(Map)}: every field as snake_case key and text value. */
	public Map<String, String> toOptions() {
		Map<String, String> m = new LinkedHashMap<>();
		m.put("in_channels", Integer.toString(inChannels));
		m.put("classes", Integer.toString(classes));
		m.put("depth", Integer.toString(depth));
		m.put("base", Integer.toString(base));
		m.put("norm", norm.toString());
		m.put("upsampling", upsampling.toString());
		StringBuilder r = new StringBuilder();
		for (int a : atrousRates)
			r.append(r.length() == 0 ? "" : ",").append(a);
		m.put("atrous_rates", r.toString());
		m.put("output_stride", Integer.toString(outputStride));
		m.put("patch_size", Integer.toString(patchSize));
		m.put("embed_dim", Integer.toString(embedDim));
		m.put("heads", Integer.toString(heads));
		m.put("layers", Integer.toString(layers));
		m.put("mlp_ratio", Integer.toString(mlpRatio));
		m.put("image_size", Integer.toString(imageSize));
		return m;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof NetConfig && ((NetConfig) o).toOptions().equals(toOptions());
	}

	@Override
	public int hashCode() {
		return toOptions().hashCode();
	}

	@Override
	public String toString() {
		return toOptions().toString();
	}

	public static final class Builder {
		private int inChannels = 1, classes = 2, depth = 4, base = 32;
		private Norm norm = Norm.BATCH;
		private Upsampling upsampling = Upsampling.TRANSPOSED;
		private int[] atrousRates = { 6, 12, 18 };
		private int outputStride = 16, patchSize = 16, embedDim = 128, heads = 4, layers = 4, mlpRatio = 4, imageSize = 256;

		public Builder inChannels(int v) { inChannels = v; return this; }
		public Builder classes(int v) { classes = v; return this; }
		public Builder depth(int v) { depth = v; return this; }
		public Builder base(int v) { base = v; return this; }
		public Builder norm(Norm v) { norm = v; return this; }
		public Builder upsampling(Upsampling v) { upsampling = v; return this; }
		public Builder atrousRates(int... v) { atrousRates = v.clone(); return this; }
		public Builder outputStride(int v) { outputStride = v; return this; }
		public Builder patchSize(int v) { patchSize = v; return this; }
		public Builder embedDim(int v) { embedDim = v; return this; }
		public Builder heads(int v) { heads = v; return this; }
		public Builder layers(int v) { layers = v; return this; }
		public Builder mlpRatio(int v) { mlpRatio = v; return this; }
		public Builder imageSize(int v) { imageSize = v; return this; }

		public NetConfig build() {
			return new NetConfig(this);
		}
	}
}
