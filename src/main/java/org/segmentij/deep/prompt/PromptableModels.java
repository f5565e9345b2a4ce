package org.segmentij.deep.prompt;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.segmentij.InputException;
import org.segmentij.deep.store.LoadedModel;
import org.segmentij.deep.store.ModelPackage;
import org.segmentij.deep.store.ModelStore;
import org.segmentij.service.ModelService;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Opens a promptable model by name or path ({@code model=...} of the prompt commands): a name is a
 * folder under {@link ModelStore#searchPath()} ({@code models/}, {@code ~/.segmentij/models},
 * Fiji's {@code models/}), a path is used as it is. A folder with a {@code sam.json} is a SAM-family
 * TorchScript pair ({@link SamTorchScriptModel}); a SegmentIJ model package whose model.json says
 * {@code "task": "prompt"} is SegmentIJ's own promptable network ({@link PromptNet}).
 */
public final class PromptableModels {

	private PromptableModels() {
	}

	/** Opens a model on PyTorch's default device (the GPU when there is one). The caller closes it. */
	public static PromptableModel open(String nameOrPath) {
		Path dir = resolve(nameOrPath);
		return open(dir, Engine.getEngine("PyTorch").defaultDevice());
	}

	/** Opens a model on a device. The caller closes it. */
	public static PromptableModel open(String nameOrPath, Device device) {
		return open(resolve(nameOrPath), device);
	}

	/** Opens the model in a folder. The caller closes it. */
	public static PromptableModel open(Path dir, Device device) {
		if (SamTorchScriptModel.isModelFolder(dir))
			return SamTorchScriptModel.load(dir, device);
		if (isPromptPackage(dir)) {
			LoadedModel m = LoadedModel.load(ModelStore.read(dir), device);
			try {
				return new PromptNet(m, true);
			}
			catch (RuntimeException e) {
				m.close();
				throw e;
			}
		}
		throw notPromptable(dir);
	}

	/**
	 * Opens a model through a model service: the weights of SegmentIJ packages are loaded once and
	 * cached by the service (closing the returned model keeps them); other models as {@link #open(Path, Device)}.
	 */
	public static PromptableModel open(ModelService service, String nameOrPath, Device device) {
		Path dir = resolve(nameOrPath);
		if (!SamTorchScriptModel.isModelFolder(dir) && isPromptPackage(dir))
			return new PromptNet(service.model(dir.toString(), device), false);
		return open(dir, device);
	}

	/** Whether a folder holds a promptable model. */
	public static boolean isModelFolder(Path dir) {
		return SamTorchScriptModel.isModelFolder(dir) || isPromptPackage(dir);
	}

	/** Whether a folder holds a SegmentIJ package with {@code "task": "prompt"} (read from its model.json; false when unreadable). */
	static boolean isPromptPackage(Path dir) {
		Path json = dir.resolve(ModelPackage.JSON);
		if (!Files.isRegularFile(json))
			return false;
		try (java.io.Reader r = Files.newBufferedReader(json, java.nio.charset.StandardCharsets.UTF_8)) {
			com.google.gson.JsonElement e = com.google.gson.JsonParser.parseReader(r);
			if (!e.isJsonObject())
				return false;
			com.google.gson.JsonElement t = e.getAsJsonObject().get("task");
			return t != null && t.isJsonPrimitive() && ModelPackage.TASK_PROMPT.equals(t.getAsString());
		}
		catch (java.io.IOException | RuntimeException e) {
			return false;
		}
	}

	/** Names of the promptable model folders in the search path, sorted, without duplicates. */
	public static List<String> available() {
		TreeSet<String> names = new TreeSet<>();
		for (Path d : ModelStore.searchPath()) {
			File[] fs = d.toFile().listFiles();
			if (fs != null)
				for (File f : fs)
					if (f.isDirectory() && isModelFolder(f.toPath()))
						names.add(f.getName());
		}
		return List.copyOf(names);
	}

	/** The model folder for a name or path; an InputException saying where it looked if there is none. */
	public static Path resolve(String nameOrPath) {
		if (nameOrPath == null || nameOrPath.isBlank())
			throw new InputException("No model given; pass model=NAME (a folder under models/, e.g. nuclei-prompt) or model=/path/to/folder"
					+ " (a model package with \"task\": \"prompt\", or a folder with " + SamConfig.JSON + ", see README, SAM-family models).");
		String s = nameOrPath.trim();
		while (s.length() > 1 && (s.endsWith("/") || s.endsWith(File.separator)))
			s = s.substring(0, s.length() - 1);
		Path p = Paths.get(s);
		if (Files.isRegularFile(p) && p.getFileName().toString().equals(SamConfig.JSON))
			p = p.toAbsolutePath().getParent();
		boolean looksLikePath = s.contains("/") || s.contains(File.separator) || p.isAbsolute();
		if (Files.isDirectory(p) && (looksLikePath || isModelFolder(p))) {
			if (!isModelFolder(p))
				throw notPromptable(p);
			return p.toAbsolutePath().normalize();
		}
		if (looksLikePath)
			throw new InputException("No promptable model at " + p.toAbsolutePath() + "; check the path.");
		List<Path> tried = new ArrayList<>();
		for (Path d : ModelStore.searchPath()) {
			Path c = d.resolve(s);
			tried.add(c);
			if (isModelFolder(c))
				return c.toAbsolutePath().normalize();
			if (Files.isRegularFile(c.resolve(ModelPackage.JSON)) || Files.isRegularFile(c.resolve("rdf.yaml")))
				throw notPromptable(c);
		}
		throw new InputException("No promptable model named '" + s + "' (looked in " + tried + "); put the model folder there"
				+ " or pass model=/path/to/folder.");
	}

	private static InputException notPromptable(Path dir) {
		Path d = dir.toAbsolutePath().normalize();
		if (Files.isRegularFile(d.resolve(ModelPackage.JSON)) || Files.isRegularFile(d.resolve("rdf.yaml")))
			return new InputException(d + " is a segmentation model, not a promptable one; give a promptable model"
					+ " (a package trained with --target prompt such as nuclei-prompt, or a folder with " + SamConfig.JSON
					+ ", see README, SAM-family models), or use apply-model for this one.");
		return new InputException("The folder " + d + " holds no promptable model (no " + SamConfig.JSON + ", no " + ModelPackage.JSON
				+ " with \"task\": \"prompt\"); see README, promptable segmentation.");
	}
}
