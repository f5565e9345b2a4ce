package org.segmentij.deep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** DJL's PyTorch engine loads offline from the shipped native jar and computes. */
class DjlEngineTest {

	@Test
	void pytorchEngineRunsOfflineFromTheShippedNatives() {
		assertEquals("true", System.getProperty("ai.djl.offline"), "tests must run with -Dai.djl.offline=true");
		Engine engine = Engine.getEngine("PyTorch");
		String v = engine.getVersion();
		assertTrue(v.startsWith("2.7.1") || v.startsWith("2.5.1"), "PyTorch version " + v);
		try (NDManager m = NDManager.newBaseManager(engine.getEngineName())) {
			NDArray a = m.arange(6f).reshape(2, 3);
			NDArray b = a.matMul(a.transpose()); // [[0,1,2],[3,4,5]] x its transpose
			assertEquals(5f, b.getFloat(0, 0));
			assertEquals(14f, b.getFloat(0, 1));
			assertEquals(50f, b.getFloat(1, 1));
		}
	}
}
