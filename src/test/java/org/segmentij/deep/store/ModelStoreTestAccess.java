package org.segmentij.deep.store;

import ai.djl.Model;

/** Test fixtures of {@link ModelStoreTest} for other packages' tests. */
public final class ModelStoreTestAccess {
	private ModelStoreTestAccess() {
	}

	public static Model tinyUnet(int seed) {
		return ModelStoreTest.tinyUnet(seed);
	}

	public static ModelPackage meta(Model m) {
		return ModelStoreTest.meta(m);
	}
}
