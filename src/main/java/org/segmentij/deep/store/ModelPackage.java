package org.segmentij.deep.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.segmentij.InputException;
import org.segmentij.deep.infer.Activation;
import org.segmentij.deep.infer.Normalization;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * What model.json says about a model package (a folder {@code models/NAME/} with model.json and
 * the weights): architecture and hyper-parameters, classes, input channels, normalisation, tile
 * size and halo, what it was trained on and how well it did, and the DJL and PyTorch versions
 * that wrote it. Immutable; build with {@link #builder()}.
 */
public final class ModelPackage {

	/** The model.json format this version writes; it reads this and older ones. */
	public static final int FORMAT_VERSION = 1;
	public static final String FORMAT = "segmentij-model";
	public static final String JSON = "model.json";
	/** DJL's parameter file (Model.save with this prefix, epoch 0). */
	public static final String DJL_PREFIX = "model";
	/** Tasks: per-pixel segmentation (the default when model.json names none), promptable segmentation. */
	public static final String TASK_SEGMENTATION = "segmentation", TASK_PROMPT = "prompt";
	/** Task of a star-convex polygon network (channels: object logit, then the ray distances / distance_scale). */
	public static final String TASK_STARDIST = "stardist";
	/** Task of a Panoptic-DeepLab-style network: semantic logits, centre heatmap, offsets (settings in training.panoptic). */
	public static final String TASK_PANOPTIC = "panoptic";

	/** How the weights are stored. */
	public enum WeightsFormat {
		/** DJL's Model.save parameters of a SegmentIJ network (architecture + config). */
		DJL,
		/** A TorchScript module (the network is in the file; architecture is informative). */
		TORCHSCRIPT
	}

	public final String name, description, architecture;
	/** What the model does: {@link #TASK_SEGMENTATION} (an image in, per-pixel classes out) or {@link #TASK_PROMPT} (an image and a prompt in, one object out). */
	public final String task;
	/** Settings of a promptable model (window, point_sigma, channels); empty for others. */
	public final JsonObject prompt;
	/** Settings of a star-convex polygon model (rays, distance_scale, prob_threshold, nms_threshold); empty for others. */
	public final JsonObject stardist;
	public final Map<String, String> config;
	public final List<String> classes;
	public final int inputChannels, sizeMultiple, tile, halo;
	public final Normalization normalization;
	public final Activation activation;
	public final WeightsFormat weightsFormat;
	public final String weightsFile;
	public final JsonObject training, validation;
	public final String djlVersion, pytorchVersion, created;
	public final int formatVersion;
	/** The folder the package was read from (null for one not yet saved). */
	public final Path dir;

	private ModelPackage(Builder b) {
		name = b.name;
		description = b.description == null ? "" : b.description;
		architecture = b.architecture;
		task = b.task == null || b.task.isBlank() ? TASK_SEGMENTATION : b.task;
		prompt = b.prompt == null ? new JsonObject() : b.prompt.deepCopy();
		stardist = b.stardist == null ? new JsonObject() : b.stardist.deepCopy();
		config = Map.copyOf(new LinkedHashMap<>(b.config));
		classes = List.copyOf(b.classes);
		inputChannels = b.inputChannels;
		sizeMultiple = b.sizeMultiple;
		tile = b.tile;
		halo = b.halo;
		normalization = b.normalization;
		activation = b.activation;
		weightsFormat = b.weightsFormat;
		weightsFile = b.weightsFile;
		training = b.training == null ? new JsonObject() : b.training.deepCopy();
		validation = b.validation == null ? new JsonObject() : b.validation.deepCopy();
		djlVersion = b.djlVersion;
		pytorchVersion = b.pytorchVersion;
		created = b.created;
		formatVersion = b.formatVersion;
		dir = b.dir;
		if (name == null || name.isBlank())
			throw new IllegalArgumentException("a model package needs a name");
		if (classes.isEmpty())
			throw new IllegalArgumentException("a model package needs at least one class");
		if (inputChannels < 1 || sizeMultiple < 1 || tile < 0 || halo < 0)
			throw new IllegalArgumentException("model package: channels " + inputChannels + ", size multiple " + sizeMultiple
					+ ", tile " + tile + ", halo " + halo);
	}

	public static Builder builder() {
		return new Builder();
	}

	public Builder toBuilder() {
		Builder b = new Builder();
		b.name = name;
		b.description = description;
		b.architecture = architecture;
		b.task = task;
		b.prompt = prompt;
		b.stardist = stardist;
		b.config = new LinkedHashMap<>(config);
		b.classes = new ArrayList<>(classes);
		b.inputChannels = inputChannels;
		b.sizeMultiple = sizeMultiple;
		b.tile = tile;
		b.halo = halo;
		b.normalization = normalization;
		b.activation = activation;
		b.weightsFormat = weightsFormat;
		b.weightsFile = weightsFile;
		b.training = training;
		b.validation = validation;
		b.djlVersion = djlVersion;
		b.pytorchVersion = pytorchVersion;
		b.created = created;
		b.formatVersion = formatVersion;
		b.dir = dir;
		return b;
	}

	/** The weights file inside the package folder. */
	public Path weightsPath() {
		return dir == null ? null : dir.resolve(weightsFile);
	}

	public JsonObject toJson() {
		JsonObject o = new JsonObject();
		o.addProperty("format", FORMAT);
		o.addProperty("format_version", FORMAT_VERSION);
		o.addProperty("name", name);
		o.addProperty("description", description);
		o.addProperty("architecture", architecture);
		o.addProperty("task", task);
		if (TASK_PROMPT.equals(task) || prompt.size() > 0)
			o.add("prompt", prompt);
		if (TASK_STARDIST.equals(task) || stardist.size() > 0)
			o.add("stardist", stardist);
		JsonObject c = new JsonObject();
		new java.util.TreeMap<>(config).forEach(c::addProperty);
		o.add("config", c);
		o.addProperty("size_multiple", sizeMultiple);
		JsonObject in = new JsonObject();
		in.addProperty("channels", inputChannels);
		in.addProperty("axes", "bcyx");
		JsonObject n = new JsonObject();
		n.addProperty("type", normalization.kind().key());
		if (normalization.kind() == Normalization.Kind.PERCENTILE) {
			n.addProperty("low", normalization.low());
			n.addProperty("high", normalization.high());
		}
		n.addProperty("per", normalization.perSlice() ? "slice" : "image");
		in.add("normalization", n);
		o.add("input", in);
		JsonObject out = new JsonObject();
		JsonArray cl = new JsonArray();
		classes.forEach(cl::add);
		out.add("classes", cl);
		out.addProperty("activation", activation.key());
		o.add("output", out);
		JsonObject t = new JsonObject();
		t.addProperty("tile", tile);
		t.addProperty("halo", halo);
		o.add("tiling", t);
		JsonObject w = new JsonObject();
		w.addProperty("format", weightsFormat.name().toLowerCase(java.util.Locale.ROOT));
		w.addProperty("file", weightsFile);
		o.add("weights", w);
		o.add("training", training);
		o.add("validation", validation);
		o.addProperty("djl_version", djlVersion);
		o.addProperty("pytorch_version", pytorchVersion);
		o.addProperty("created", created);
		return o;
	}

	/**
	 * Reads a parsed model.json; every missing or malformed field is an InputException naming the
	 * field and the file.
	 */
	public static ModelPackage fromJson(JsonObject o, Path dir) {
		Path file = dir.resolve(JSON);
		Fields f = new Fields(o, file);
		String format = f.string(o, "format");
		if (!FORMAT.equals(format))
			throw new InputException(file + " is not a SegmentIJ model (format '" + format + "', expected '" + FORMAT + "').");
		int version = f.integer(o, "format_version");
		if (version > FORMAT_VERSION)
			throw new InputException(file + " has model format version " + version + " but this SegmentIJ reads up to "
					+ FORMAT_VERSION + "; update SegmentIJ to use this model.");
		if (version < 1)
			throw new InputException(file + ": invalid format_version " + version + ".");
		Builder b = builder();
		b.formatVersion = version;
		b.dir = dir;
		b.name = f.string(o, "name");
		b.description = o.has("description") ? f.string(o, "description") : "";
		b.architecture = f.string(o, "architecture");
		b.task = o.has("task") ? f.string(o, "task") : TASK_SEGMENTATION;
		if (!TASK_SEGMENTATION.equals(b.task) && !TASK_PROMPT.equals(b.task) && !TASK_PANOPTIC.equals(b.task) && !TASK_STARDIST.equals(b.task))
			throw new InputException(file + ": unknown task '" + b.task + "' (segmentation, prompt, panoptic or stardist); update SegmentIJ to use this model.");
		b.prompt = o.has("prompt") ? f.object(o, "prompt") : new JsonObject();
		b.stardist = o.has("stardist") ? f.object(o, "stardist") : new JsonObject();
		JsonObject c = f.object(o, "config");
		for (Map.Entry<String, JsonElement> e : c.entrySet())
			b.config.put(e.getKey(), e.getValue().isJsonPrimitive() ? e.getValue().getAsString() : e.getValue().toString());
		b.sizeMultiple = f.integer(o, "size_multiple");
		JsonObject in = f.object(o, "input");
		b.inputChannels = f.integer(in, "channels");
		JsonObject n = f.object(in, "normalization");
		try {
			Normalization.Kind kind = Normalization.Kind.parse(f.string(n, "type"));
			boolean perSlice = n.has("per") && "slice".equals(f.string(n, "per"));
			b.normalization = kind == Normalization.Kind.PERCENTILE
					? new Normalization(kind, f.number(n, "low"), f.number(n, "high"), perSlice)
					: new Normalization(kind, 0, 0, perSlice);
		}
		catch (org.segmentij.UsageException e) {
			throw new InputException(file + ": " + e.getMessage(), e);
		}
		JsonObject out = f.object(o, "output");
		JsonElement cl = out.get("classes");
		if (cl == null || !cl.isJsonArray() || cl.getAsJsonArray().isEmpty())
			throw new InputException(file + ": output.classes must be a non-empty list of class names.");
		b.classes = new ArrayList<>();
		for (JsonElement e : cl.getAsJsonArray())
			b.classes.add(e.getAsString());
		try {
			b.activation = Activation.parse(f.string(out, "activation"));
		}
		catch (org.segmentij.UsageException e) {
			throw new InputException(file + ": " + e.getMessage(), e);
		}
		JsonObject t = f.object(o, "tiling");
		b.tile = f.integer(t, "tile");
		b.halo = f.integer(t, "halo");
		JsonObject w = f.object(o, "weights");
		String wf = f.string(w, "format");
		try {
			b.weightsFormat = WeightsFormat.valueOf(wf.toUpperCase(java.util.Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			throw new InputException(file + ": unknown weights format '" + wf + "' (djl or torchscript).");
		}
		b.weightsFile = f.string(w, "file");
		b.training = o.has("training") && o.get("training").isJsonObject() ? o.getAsJsonObject("training") : new JsonObject();
		b.validation = o.has("validation") && o.get("validation").isJsonObject() ? o.getAsJsonObject("validation") : new JsonObject();
		b.djlVersion = o.has("djl_version") ? f.string(o, "djl_version") : "";
		b.pytorchVersion = o.has("pytorch_version") ? f.string(o, "pytorch_version") : "";
		b.created = o.has("created") ? f.string(o, "created") : "";
		try {
			return b.build();
		}
		catch (IllegalArgumentException e) {
			throw new InputException(file + ": " + e.getMessage(), e);
		}
	}

	/** Typed access to JSON fields with one-line errors. */
	private record Fields(JsonObject root, Path file) {
		JsonElement get(JsonObject o, String key) {
			JsonElement e = o.get(key);
			if (e == null || e.isJsonNull())
				throw new InputException(file + " lacks the field '" + key + "'; the model package is incomplete.");
			return e;
		}

		String string(JsonObject o, String key) {
			JsonElement e = get(o, key);
			if (!e.isJsonPrimitive())
				throw new InputException(file + ": field '" + key + "' must be text, not " + e + ".");
			return e.getAsString();
		}

		double number(JsonObject o, String key) {
			JsonElement e = get(o, key);
			if (!(e.isJsonPrimitive() && ((JsonPrimitive) e).isNumber()))
				throw new InputException(file + ": field '" + key + "' must be a number, not " + e + ".");
			return e.getAsDouble();
		}

		int integer(JsonObject o, String key) {
			double d = number(o, key);
			if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE)
				throw new InputException(file + ": field '" + key + "' must be an integer, not " + d + ".");
			return (int) d;
		}

		JsonObject object(JsonObject o, String key) {
			JsonElement e = get(o, key);
			if (!e.isJsonObject())
				throw new InputException(file + ": field '" + key + "' must be an object, not " + e + ".");
			return e.getAsJsonObject();
		}
	}

	public static final class Builder {
		private String name, description = "", architecture = "", task = TASK_SEGMENTATION;
		private JsonObject prompt, stardist;
		private Map<String, String> config = new LinkedHashMap<>();
		private List<String> classes = new ArrayList<>();
		private int inputChannels = 1, sizeMultiple = 1, tile = 256, halo = 16;
		private Normalization normalization = Normalization.percentile(1, 99.8);
		private Activation activation = Activation.SOFTMAX;
		private WeightsFormat weightsFormat = WeightsFormat.DJL;
		private String weightsFile = DJL_PREFIX + "-0000.params";
		private JsonObject training, validation;
		private String djlVersion = "", pytorchVersion = "", created = "";
		private int formatVersion = FORMAT_VERSION;
		private Path dir;

		public Builder name(String v) { name = v; return this; }
		public Builder description(String v) { description = v; return this; }
		public Builder architecture(String v) { architecture = v; return this; }
		public Builder task(String v) { task = v; return this; }
		public Builder prompt(JsonObject v) { prompt = v; return this; }
		public Builder stardist(JsonObject v) { stardist = v; return this; }
		public Builder config(Map<String, String> v) { config = new LinkedHashMap<>(v); return this; }
		public Builder classes(List<String> v) { classes = new ArrayList<>(v); return this; }
		public Builder inputChannels(int v) { inputChannels = v; return this; }
		public Builder sizeMultiple(int v) { sizeMultiple = v; return this; }
		public Builder tile(int v) { tile = v; return this; }
		public Builder halo(int v) { halo = v; return this; }
		public Builder normalization(Normalization v) { normalization = v; return this; }
		public Builder activation(Activation v) { activation = v; return this; }
		public Builder weights(WeightsFormat format, String file) { weightsFormat = format; weightsFile = file; return this; }
		public Builder training(JsonObject v) { training = v; return this; }
		public Builder validation(JsonObject v) { validation = v; return this; }
		public Builder versions(String djl, String pytorch) { djlVersion = djl; pytorchVersion = pytorch; return this; }
		public Builder created(String v) { created = v; return this; }
		public Builder dir(Path v) { dir = v; return this; }

		public ModelPackage build() {
			return new ModelPackage(this);
		}
	}
}
