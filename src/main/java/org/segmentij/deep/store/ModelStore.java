package org.segmentij.deep.store;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.segmentij.InputException;
import org.segmentij.deep.nets.NetConfig;
import org.segmentij.deep.nets.Networks;
import org.segmentij.deep.nets.SegmentationNetwork;
import org.segmentij.image.Axis;
import org.segmentij.image.AxisImage;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Model packages on disk: find one by name or path, read and check its model.json, save a
 * trained network as a package, and load the network with its weights.
 *
 * <p>A name is looked up as {@code models/NAME} in the working directory, then
 * {@code ~/.segmentij/models/NAME}, then Fiji's {@code models/NAME}; a path (to the folder or to
 * its model.json) is used as it is.
 */
public final class ModelStore {

	private static final Pattern DJL_PARAMS = Pattern.compile("(.+)-(\\d{4})\\.params");

	private ModelStore() {
	}

	/** The folders a model name is looked up in, in order. */
	public static List<Path> searchPath() {
		List<Path> dirs = new ArrayList<>();
		dirs.add(Paths.get("models").toAbsolutePath().normalize());
		dirs.add(Paths.get(System.getProperty("user.home"), ".segmentij", "models"));
		String fiji = System.getProperty("imagej.dir");
		if (fiji == null) {
			try {
				fiji = ij.IJ.getDirectory("imagej");
			}
			catch (RuntimeException | LinkageError e) {
				fiji = null;
			}
		}
		if (fiji != null)
			dirs.add(Paths.get(fiji, "models").toAbsolutePath().normalize());
		return List.copyOf(new java.util.LinkedHashSet<>(dirs)); // Fiji's folder may be the working directory
	}

	/** Names of the model packages (model.json) and zoo folders (rdf.yaml) in the search path, sorted, without duplicates. */
	public static List<String> available() {
		java.util.TreeSet<String> names = new java.util.TreeSet<>();
		for (Path d : searchPath()) {
			java.io.File[] fs = d.toFile().listFiles();
			if (fs != null)
				for (java.io.File f : fs)
					if (f.isDirectory() && (new java.io.File(f, ModelPackage.JSON).isFile() || new java.io.File(f, "rdf.yaml").isFile()))
						names.add(f.getName());
		}
		return List.copyOf(names);
	}

	/** The package folder for a name or path; an InputException saying where it looked if there is none. */
	public static Path resolve(String nameOrPath) {
		if (nameOrPath == null || nameOrPath.isBlank())
			throw new InputException("No model given; pass model=NAME (a folder under models/) or model=/path/to/package.");
		String s = nameOrPath.trim();
		while (s.length() > 1 && (s.endsWith("/") || s.endsWith(java.io.File.separator))) // "name/" from a folder field
			s = s.substring(0, s.length() - 1);
		Path p = Paths.get(s);
		boolean looksLikePath = s.contains("/") || s.contains(java.io.File.separator) || s.endsWith(".json") || p.isAbsolute();
		if (Files.isRegularFile(p) && p.getFileName().toString().equals(ModelPackage.JSON))
			return p.toAbsolutePath().getParent();
		if (Files.isDirectory(p) && (looksLikePath || Files.isRegularFile(p.resolve(ModelPackage.JSON)))) {
			if (!Files.isRegularFile(p.resolve(ModelPackage.JSON)) && !Files.isRegularFile(p.resolve("rdf.yaml")))
				throw new InputException("The folder " + p.toAbsolutePath() + " has no " + ModelPackage.JSON
						+ "; it is not a model package.");
			return p.toAbsolutePath();
		}
		if (looksLikePath)
			throw new InputException("No model package at " + p.toAbsolutePath() + "; check the path.");
		List<Path> tried = new ArrayList<>();
		for (Path d : searchPath()) {
			Path c = d.resolve(s);
			tried.add(c);
			if (Files.isRegularFile(c.resolve(ModelPackage.JSON)) || Files.isRegularFile(c.resolve("rdf.yaml")))
				return c.toAbsolutePath();
		}
		throw new InputException("No model named '" + s + "' (looked in " + tried
				+ "); put the package folder there or pass model=/path/to/package.");
	}

	/** Reads and checks the package at a name or path. */
	public static ModelPackage read(String nameOrPath) {
		return read(resolve(nameOrPath));
	}

	/** Reads and checks the package in a folder. */
	public static ModelPackage read(Path dir) {
		Path json = dir.resolve(ModelPackage.JSON);
		if (!Files.isRegularFile(json))
			throw new InputException("The model package " + dir + " has no " + ModelPackage.JSON + ".");
		JsonObject o;
		try (Reader r = Files.newBufferedReader(json, StandardCharsets.UTF_8)) {
			com.google.gson.JsonElement e = JsonParser.parseReader(r);
			if (!e.isJsonObject())
				throw new InputException(json + (e.isJsonNull() ? " is empty" : " is not valid JSON for a model (" + (e.isJsonArray() ? "a list" : "a single value")
						+ ", not an object)") + "; the model package is corrupt: copy it again.");
			o = e.getAsJsonObject();
		}
		catch (IOException e) {
			throw new InputException("Cannot read " + json + ": " + e.getMessage(), e);
		}
		catch (JsonParseException | IllegalStateException e) {
			throw new InputException(json + " is not valid JSON (" + problem(e) + "); the model package is corrupt: copy it again.", e);
		}
		ModelPackage pkg = ModelPackage.fromJson(o, dir.toAbsolutePath());
		if (!Files.isRegularFile(pkg.weightsPath()))
			throw new InputException("The model package " + dir + " lacks its weights file " + pkg.weightsFile
					+ "; copy the whole package folder.");
		return pkg;
	}

	/**
	 * Saves a DJL model as a package: its parameters with {@code Model.save} and a model.json
	 * from {@code meta} (its weights fields, versions and date are filled in here). Returns the
	 * package as read back.
	 */
	public static ModelPackage save(Model model, ModelPackage meta, Path dir) {
		try {
			Files.createDirectories(dir);
			model.setProperty("Epoch", "0");
			model.save(dir, ModelPackage.DJL_PREFIX);
			ModelPackage pkg = meta.toBuilder().weights(ModelPackage.WeightsFormat.DJL, ModelPackage.DJL_PREFIX + "-0000.params")
					.versions(Engine.getDjlVersion(), Engine.getEngine("PyTorch").getVersion()).created(Instant.now().toString())
					.dir(dir.toAbsolutePath()).build();
			writeJson(pkg, dir);
			return read(dir);
		}
		catch (IOException e) {
			throw new InputException("Cannot save the model to " + dir + ": " + e.getMessage(), e);
		}
	}

	/** Writes model.json (through a temporary file, so a model.json that exists is complete). */
	public static void writeJson(ModelPackage pkg, Path dir) throws IOException {
		String json = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(pkg.toJson());
		org.segmentij.cli.ImageFiles.writeAtomically(dir.resolve(ModelPackage.JSON), json.getBytes(StandardCharsets.UTF_8));
	}


	/** The network of a package, without weights (for DJL packages). */
	public static SegmentationNetwork network(ModelPackage pkg) {
		NetConfig cfg;
		try {
			cfg = NetConfig.fromOptions(pkg.config);
		}
		catch (RuntimeException e) {
			throw new InputException("The model " + pkg.name + " has an invalid config: " + e.getMessage(), e);
		}
		if (cfg.inChannels != pkg.inputChannels || cfg.classes != pkg.classes.size())
			throw new InputException("The model " + pkg.name + " is inconsistent: its network takes " + cfg.inChannels
					+ " channel(s) and gives " + cfg.classes + " class(es), but model.json lists " + pkg.inputChannels
					+ " channel(s) and " + pkg.classes.size() + " class(es).");
		try {
			return Networks.create(pkg.architecture, cfg);
		}
		catch (org.segmentij.UsageException e) {
			throw new InputException("The model " + pkg.name + " needs architecture '" + pkg.architecture
					+ "', which this SegmentIJ lacks (" + e.getMessage() + "); update SegmentIJ.", e);
		}
	}

	/** Loads the package's network with its weights onto a device. The caller closes the model. */
	public static Model load(ModelPackage pkg, Device device) {
		Model model = Model.newInstance(pkg.name, device, "PyTorch");
		try {
			if (pkg.weightsFormat == ModelPackage.WeightsFormat.TORCHSCRIPT) {
				String f = pkg.weightsFile;
				model.load(pkg.dir, f.endsWith(".pt") ? f.substring(0, f.length() - 3) : f);
				return model;
			}
			SegmentationNetwork net = network(pkg);
			model.setBlock(net);
			int s = Math.max(pkg.sizeMultiple, 16) / pkg.sizeMultiple * pkg.sizeMultiple;
			net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, pkg.inputChannels, s, s));
			Matcher m = DJL_PARAMS.matcher(pkg.weightsFile);
			if (!m.matches())
				throw new InputException("The model " + pkg.name + ": weights file " + pkg.weightsFile
						+ " is not named as DJL saves parameters (NAME-0000.params).");
			checkDjlParams(pkg);
			model.load(pkg.dir, m.group(1), Map.of("epoch", Integer.parseInt(m.group(2))));
			return model;
		}
		catch (IOException | MalformedModelException | RuntimeException e) {
			model.close();
			if (e instanceof InputException ie)
				throw ie;
			throw new InputException("Cannot load the weights of model " + pkg.name + " (" + pkg.weightsPath() + "): "
					+ problem(e) + "; the file is corrupt or does not match the architecture. Copy the package again.", e);
		}
	}

	/**
	 * DJL reads a parameter file that lacks its "DJL@" header as no parameters at all, without a
	 * word, and the network keeps its random initial weights: such a file is refused here.
	 */
	private static void checkDjlParams(ModelPackage pkg) throws IOException {
		byte[] head = new byte[4];
		int n;
		try (java.io.InputStream in = Files.newInputStream(pkg.weightsPath())) {
			n = in.readNBytes(head, 0, 4);
		}
		if (n < 4 || !"DJL@".equals(new String(head, StandardCharsets.US_ASCII)))
			throw new InputException("The weights file " + pkg.weightsPath() + " of model " + pkg.name + " is "
					+ (n == 0 ? "empty" : "not a DJL parameter file (corrupt, or another format)") + "; copy the whole package again.");
	}

	/** The first line of the innermost cause's message, without Java class names ("Unterminated string at line 3 column 4"). */
	static String problem(Throwable e) {
		Throwable c = e;
		while (c.getCause() != null && c.getCause() != c)
			c = c.getCause();
		String m = c.getMessage() == null ? "" : c.getMessage().lines().findFirst().orElse("");
		m = m.replaceAll("^([\\w$]+\\.)*[\\w$]*(Exception|Error):\\s*", "").trim();
		if (!m.isEmpty())
			return m;
		return c instanceof java.io.EOFException ? "the file ends early" : "unreadable data";
	}

	/** Checks that the model can segment the image (channels, 2D slices); InputException if not. */
	public static void checkFits(ModelPackage pkg, AxisImage<?> image) {
		if (ModelPackage.TASK_PROMPT.equals(pkg.task))
			throw new InputException("The model " + pkg.name + " is a promptable model (it segments the object you click or box); "
					+ "use Promptable Segmentation (run prompt --rois prompts.zip) or Interactive Prompt Segmentation, not Apply Deep Model.");
		long c = image.size(Axis.C);
		if (c != pkg.inputChannels)
			throw new InputException("The model " + pkg.name + " takes " + pkg.inputChannels + " channel(s) but '" + image.title()
					+ "' has " + c + "; give an image with " + pkg.inputChannels + " channel(s)"
					+ (pkg.inputChannels == 3 ? " (an RGB image works)" : "") + ".");
		if (pkg.architecture.endsWith("3d"))
			throw new InputException("The model " + pkg.name + " is a 3D network (" + pkg.architecture
					+ "); Apply Deep Model runs 2D networks slice by slice only.");
	}
}
