package org.segmentij.deep.prompt;

import java.nio.file.Files;
import java.nio.file.Path;

import org.segmentij.InputException;
import org.segmentij.deep.store.LoadedModel;
import org.segmentij.deep.store.ModelPackage;
import org.segmentij.deep.store.ModelStore;
import org.segmentij.service.ModelService;

import ai.djl.Device;

/**
 * Finds the {@link PromptableModel} for a model name or path: SegmentIJ packages whose model.json
 * says {@code "task": "prompt"} become a {@link PromptNet}. Other promptable formats plug in here.
 */
public final class PromptModels {

	private PromptModels() {
	}

	/** A promptable model whose weights the service loads and caches (closing it leaves them cached). */
	public static PromptableModel open(ModelService service, String nameOrPath, Device device) {
		Path dir = ModelStore.resolve(nameOrPath);
		checkPrompt(dir);
		return new PromptNet(service.model(dir.toString(), device), false);
	}

	/** A promptable model with its own weights (closing it frees them). */
	public static PromptableModel load(String nameOrPath, Device device) {
		Path dir = ModelStore.resolve(nameOrPath);
		ModelPackage pkg = checkPrompt(dir);
		LoadedModel m = LoadedModel.load(pkg, device);
		try {
			return new PromptNet(m, true);
		}
		catch (RuntimeException e) {
			m.close();
			throw e;
		}
	}

	private static ModelPackage checkPrompt(Path dir) {
		if (!Files.isRegularFile(dir.resolve(ModelPackage.JSON)))
			throw new InputException("The model at " + dir + " is not a promptable model (no " + ModelPackage.JSON
					+ " with \"task\": \"prompt\"); give e.g. model=nuclei-prompt.");
		ModelPackage pkg = ModelStore.read(dir);
		if (!ModelPackage.TASK_PROMPT.equals(pkg.task))
			throw new InputException("The model " + pkg.name + " is a " + pkg.task + " model, not a promptable one; give a package trained with"
					+ " --target prompt, e.g. model=nuclei-prompt.");
		return pkg;
	}
}
