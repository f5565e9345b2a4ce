package org.segmentij.deep.zoo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.segmentij.InputException;
import org.segmentij.deep.infer.Activation;
import org.segmentij.deep.infer.Normalization;
import org.segmentij.deep.infer.SegmentationTranslator;
import org.segmentij.deep.infer.TileBatch;
import org.segmentij.deep.store.LoadedModel;
import org.segmentij.deep.store.ModelPackage;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;

/**
 * BioImage Model Zoo import: reads a model's rdf.yaml (TorchScript weights, axes, shapes, halo,
 * pre- and post-processing) and loads it with DJL's PyTorch engine. Supported pre-processing:
 * zero_mean_unit_variance (per_sample), scale_range (per_sample percentiles), clip; post-processing:
 * sigmoid, clip, binarize. Axes must be bcyx (or byxc). Anything else is an InputException
 * naming what is not supported.
 */
public final class ZooModel {

	/** What the rdf.yaml says, in SegmentIJ's terms. */
	public record Description(ModelPackage pkg, String source, String sha256, double[] inputClip, double[] outputClip,
			double binarize, Activation activation, List<String> testInputs, List<String> testOutputs) {

		/** The translator the description asks for. */
		public SegmentationTranslator translator() {
			return new SegmentationTranslator(activation, inputClip, outputClip, binarize);
		}
	}

	private ZooModel() {
	}

	/** Reads {@code dir/rdf.yaml}. */
	@SuppressWarnings("unchecked")
	public static Description read(Path dir) {
		Path rdf = dir.resolve("rdf.yaml");
		if (!Files.isRegularFile(rdf))
			throw new InputException(dir + " has no rdf.yaml; it is not a BioImage Model Zoo model folder.");
		Map<String, Object> y;
		try {
			Object o = Yaml.parse(Files.readString(rdf, StandardCharsets.UTF_8));
			if (!(o instanceof Map))
				throw new IllegalArgumentException("the document is not a mapping");
			y = (Map<String, Object>) o;
		}
		catch (IOException | IllegalArgumentException e) {
			throw new InputException("Cannot read " + rdf + ": " + e.getMessage(), e);
		}
		Fields f = new Fields(rdf);
		String name = f.text(y, "name");
		Map<String, Object> in = f.map(f.list(y, "inputs").get(0), "inputs[0]");
		Map<String, Object> out = f.map(f.list(y, "outputs").get(0), "outputs[0]");
		String inAxes = f.text(in, "axes").toLowerCase(Locale.ROOT), outAxes = f.text(out, "axes").toLowerCase(Locale.ROOT);
		if (!inAxes.equals("bcyx") || !outAxes.equals("bcyx"))
			throw new InputException(rdf + ": axes " + inAxes + " -> " + outAxes
					+ " are not supported; SegmentIJ runs 2D models with axes bcyx.");
		// input shape: explicit, or {min, step}
		int channels, multiple = 1;
		long[] inShape;
		Object s = in.get("shape");
		if (s instanceof List) {
			inShape = f.longs(s, "inputs[0].shape");
			channels = (int) inShape[1];
			multiple = 1; // fixed size: the tile must equal it (checked when tiling)
		}
		else {
			Map<String, Object> sm = f.map(s, "inputs[0].shape");
			inShape = f.longs(sm.get("min"), "inputs[0].shape.min");
			long[] step = f.longs(sm.get("step"), "inputs[0].shape.step");
			channels = (int) inShape[1];
			multiple = (int) lcm(Math.max(1, step[2]), Math.max(1, step[3]));
		}
		// output channels
		int classes;
		Object os = out.get("shape");
		if (os instanceof List)
			classes = (int) f.longs(os, "outputs[0].shape")[1];
		else {
			Map<String, Object> om = f.map(os, "outputs[0].shape");
			double[] scale = f.doubles(om.get("scale"), "outputs[0].shape.scale");
			double[] offset = f.doubles(om.get("offset"), "outputs[0].shape.offset");
			classes = (int) Math.round(inShape[1] * scale[1] + 2 * offset[1]);
			if (scale[2] != 1 || scale[3] != 1)
				throw new InputException(rdf + ": the output is scaled in y/x (" + scale[2] + ", " + scale[3]
						+ "); SegmentIJ supports outputs of the input's size.");
		}
		int halo = 0;
		if (out.get("halo") != null) {
			long[] h = f.longs(out.get("halo"), "outputs[0].halo");
			halo = (int) Math.max(h[2], h[3]);
		}
		// pre-processing
		Normalization norm = Normalization.none();
		double[] inputClip = null;
		for (Object step : in.get("preprocessing") == null ? List.of() : f.list(in, "preprocessing")) {
			Map<String, Object> st = f.map(step, "preprocessing step");
			String op = f.text(st, "name");
			Map<String, Object> kw = st.get("kwargs") == null ? Map.of() : f.map(st.get("kwargs"), op + ".kwargs");
			String mode = kw.get("mode") == null ? "per_sample" : kw.get("mode").toString();
			String axes = kw.get("axes") == null ? "xy" : kw.get("axes").toString();
			boolean perSlice = !axes.contains("z");
			switch (op) {
			case "zero_mean_unit_variance":
				requireMode(rdf, op, mode);
				norm = Normalization.zeroMeanUnitVariance().withPerSlice(perSlice);
				break;
			case "scale_range":
				requireMode(rdf, op, mode);
				norm = new Normalization(Normalization.Kind.PERCENTILE, num(kw, "min_percentile", 0), num(kw, "max_percentile", 100),
						perSlice);
				break;
			case "clip":
				inputClip = new double[] { num(kw, "min", Double.NEGATIVE_INFINITY), num(kw, "max", Double.POSITIVE_INFINITY) };
				break;
			default:
				throw new InputException(rdf + ": pre-processing '" + op
						+ "' is not supported (zero_mean_unit_variance, scale_range, clip are).");
			}
		}
		Activation act = Activation.NONE;
		double[] outputClip = null;
		double binarize = Double.NaN;
		for (Object step : out.get("postprocessing") == null ? List.of() : f.list(out, "postprocessing")) {
			Map<String, Object> st = f.map(step, "postprocessing step");
			String op = f.text(st, "name");
			Map<String, Object> kw = st.get("kwargs") == null ? Map.of() : f.map(st.get("kwargs"), op + ".kwargs");
			switch (op) {
			case "sigmoid":
				act = Activation.SIGMOID;
				break;
			case "clip":
				outputClip = new double[] { num(kw, "min", Double.NEGATIVE_INFINITY), num(kw, "max", Double.POSITIVE_INFINITY) };
				break;
			case "binarize":
				binarize = num(kw, "threshold", Double.NaN);
				if (Double.isNaN(binarize))
					throw new InputException(rdf + ": binarize needs kwargs.threshold.");
				break;
			default:
				throw new InputException(rdf + ": post-processing '" + op + "' is not supported (sigmoid, clip, binarize are).");
			}
		}
		Map<String, Object> weights = f.map(y.get("weights"), "weights");
		if (weights.get("torchscript") == null)
			throw new InputException(rdf + " has no TorchScript weights (weights: " + weights.keySet()
					+ "); SegmentIJ runs the torchscript weights of zoo models.");
		Map<String, Object> ts = f.map(weights.get("torchscript"), "weights.torchscript");
		String source = f.text(ts, "source");
		if (source.contains("://"))
			throw new InputException(rdf + ": the weights are at " + source
					+ "; SegmentIJ does not download: save them next to rdf.yaml and set source to the file name.");
		String sha = ts.get("sha256") == null ? null : ts.get("sha256").toString();
		List<String> names = new ArrayList<>();
		for (int c = 0; c < classes; c++)
			names.add("channel " + c);
		int tile = Math.max(multiple, 256 / multiple * multiple);
		if (s instanceof List) // fixed input size
			tile = (int) Math.min(inShape[2], inShape[3]);
		ModelPackage pkg = ModelPackage.builder().name(name).description(y.get("description") == null ? "" : y.get("description").toString())
				.architecture("torchscript").classes(names).inputChannels(channels).sizeMultiple(multiple).tile(tile)
				.halo(halo).normalization(norm).activation(act).weights(ModelPackage.WeightsFormat.TORCHSCRIPT, source)
				.dir(dir.toAbsolutePath()).build();
		List<String> ti = y.get("test_inputs") == null ? List.of() : f.texts(y.get("test_inputs"), "test_inputs");
		List<String> to = y.get("test_outputs") == null ? List.of() : f.texts(y.get("test_outputs"), "test_outputs");
		return new Description(pkg, source, sha, inputClip, outputClip, binarize, act, ti, to);
	}

	/** Reads the rdf.yaml, checks the weights' sha256, and loads the TorchScript module with DJL. */
	public static LoadedModel load(Path dir, Device device) {
		Description d = read(dir);
		Path weights = dir.resolve(d.source());
		if (!Files.isRegularFile(weights))
			throw new InputException("The zoo model " + dir + " lacks its weights file " + d.source() + ".");
		if (d.sha256() != null) {
			String got = sha256(weights);
			if (!got.equalsIgnoreCase(d.sha256()))
				throw new InputException(weights + " does not match the sha256 in rdf.yaml (" + got + " != " + d.sha256()
						+ "); the file is corrupt or from another version.");
		}
		String file = weights.getFileName().toString();
		String modelName = file.endsWith(".pt") ? file.substring(0, file.length() - 3) : file;
		Criteria<TileBatch, TileBatch> criteria = Criteria.builder().setTypes(TileBatch.class, TileBatch.class)
				.optModelPath(weights.getParent()).optModelName(modelName).optEngine("PyTorch").optDevice(device)
				.optTranslator(d.translator()).build();
		try {
			ai.djl.repository.zoo.ZooModel<TileBatch, TileBatch> m = criteria.loadModel();
			return new LoadedModel(d.pkg(), m, device, d::translator);
		}
		catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
			throw new InputException("Cannot load the TorchScript weights " + weights + ": " + e.getMessage(), e);
		}
	}

	static String sha256(Path file) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
		}
		catch (IOException | NoSuchAlgorithmException e) {
			throw new InputException("Cannot read " + file + ": " + e.getMessage(), e);
		}
	}

	private static void requireMode(Path rdf, String op, String mode) {
		if (!mode.equals("per_sample"))
			throw new InputException(rdf + ": " + op + " with mode " + mode + " is not supported (per_sample is).");
	}

	private static double num(Map<String, Object> kw, String key, double dflt) {
		Object v = kw.get(key);
		if (v == null)
			return dflt;
		try {
			return Double.parseDouble(v.toString());
		}
		catch (NumberFormatException e) {
			throw new InputException("rdf.yaml: " + key + " must be a number, not " + v + ".");
		}
	}

	private static long lcm(long a, long b) {
		long x = a, y = b;
		while (y != 0) {
			long t = x % y;
			x = y;
			y = t;
		}
		return a / x * b;
	}

	private record Fields(Path rdf) {
		Object get(Map<String, Object> m, String key) {
			Object v = m.get(key);
			if (v == null)
				throw new InputException(rdf + " lacks '" + key + "'.");
			return v;
		}

		String text(Map<String, Object> m, String key) {
			Object v = get(m, key);
			if (!(v instanceof String s))
				throw new InputException(rdf + ": '" + key + "' must be text.");
			return s;
		}

		@SuppressWarnings("unchecked")
		List<Object> list(Map<String, Object> m, String key) {
			Object v = get(m, key);
			if (!(v instanceof List) || ((List<Object>) v).isEmpty())
				throw new InputException(rdf + ": '" + key + "' must be a non-empty list.");
			return (List<Object>) v;
		}

		@SuppressWarnings("unchecked")
		Map<String, Object> map(Object v, String what) {
			if (!(v instanceof Map))
				throw new InputException(rdf + ": " + what + " must be a mapping.");
			return (Map<String, Object>) v;
		}

		List<String> texts(Object v, String what) {
			if (!(v instanceof List<?> l))
				throw new InputException(rdf + ": " + what + " must be a list.");
			List<String> out = new ArrayList<>();
			for (Object o : l)
				out.add(String.valueOf(o));
			return out;
		}

		long[] longs(Object v, String what) {
			double[] d = doubles(v, what);
			long[] r = new long[d.length];
			for (int i = 0; i < d.length; i++)
				r[i] = Math.round(d[i]);
			return r;
		}

		double[] doubles(Object v, String what) {
			if (!(v instanceof List<?> l) || l.size() != 4)
				throw new InputException(rdf + ": " + what + " must be a list of 4 numbers (b, c, y, x).");
			double[] r = new double[4];
			try {
				for (int i = 0; i < 4; i++)
					r[i] = Double.parseDouble(String.valueOf(l.get(i)));
			}
			catch (NumberFormatException e) {
				throw new InputException(rdf + ": " + what + " must be numbers: " + l + ".");
			}
			return r;
		}
	}
}
