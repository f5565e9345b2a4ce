package org.segmentij.service;

import org.scijava.service.SciJavaService;
import org.segmentij.deep.store.LoadedModel;

import ai.djl.Device;

/**
 * Deep-learning models for the commands: picks the device, loads model packages (SegmentIJ's
 * model.json packages and BioImage Model Zoo rdf.yaml folders) once and keeps them by resolved
 * path, and releases them all when the context is disposed.
 */
public interface ModelService extends SciJavaService {

	/**
	 * The device for a choice: "cpu", "gpu" (an InputException when the engine sees none) or
	 * "auto" (the first GPU when there is one, else the CPU).
	 */
	Device device(String choice);

	/** The model for a name or path on a device, loaded on first use and cached after. */
	LoadedModel model(String nameOrPath, Device device);

	/**
	 * A promptable model (click or box in, one object out) for a name or path; its weights are
	 * loaded on first use and cached like {@link #model}'s.
	 */
	default org.segmentij.deep.prompt.PromptableModel promptable(String nameOrPath, Device device) {
		return org.segmentij.deep.prompt.PromptableModels.open(this, nameOrPath, device);
	}

	/** Closes and forgets every cached model. */
	void releaseAll();
}
