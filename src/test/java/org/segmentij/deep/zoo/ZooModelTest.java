package org.segmentij.deep.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segmentij.InputException;
import org.segmentij.deep.infer.Normalization;
import org.segmentij.deep.infer.Tiling;
import org.segmentij.deep.store.LoadedModel;
import org.segmentij.image.Axis;
import org.segmentij.image.AxisImage;

import ai.djl.Device;
import net.imglib2.RandomAccess;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

/** The tiny zoo fixture (scripts/make_zoo_fixture.py) loads through DJL and reproduces PyTorch's recorded output. */
class ZooModelTest {

	@TempDir
	Path tmp;

	static Path fixture() throws Exception {
		return Path.of(ZooModelTest.class.getResource("/zoo/tiny/rdf.yaml").toURI()).getParent();
	}

	@Test
	@SuppressWarnings("unchecked")
	void yamlSubsetReadsTheRdf() throws Exception {
		Map<String, Object> y = (Map<String, Object>) Yaml.parse(Files.readString(fixture().resolve("rdf.yaml")));
		assertEquals("tiny-zoo", y.get("name"));
		assertEquals(List.of("test", "segmentation"), y.get("tags"));
		Map<String, Object> in = (Map<String, Object>) ((List<Object>) y.get("inputs")).get(0);
		assertEquals("bcyx", in.get("axes"));
		assertEquals(List.of("0", "0", "8", "8"), ((Map<String, Object>) in.get("shape")).get("step"));
		Map<String, Object> pre = (Map<String, Object>) ((List<Object>) in.get("preprocessing")).get(0);
		assertEquals("zero_mean_unit_variance", pre.get("name"));
		assertEquals("1.0e-6", ((Map<String, Object>) pre.get("kwargs")).get("eps"));
		assertEquals("SegmentIJ tests", ((Map<String, Object>) ((List<Object>) y.get("authors")).get(0)).get("name"));
		Map<String, Object> flow = (Map<String, Object>) Yaml.parse("a: {b: 1, c: [x, 'y z']}\nd: \"q # not a comment\" # comment\ne:\nf: |\n  two\n  lines\n");
		assertEquals(Map.of("b", "1", "c", List.of("x", "y z")), flow.get("a"));
		assertEquals("q # not a comment", flow.get("d"));
		assertNull(flow.get("e"));
		assertEquals("two\nlines", flow.get("f"));
	}

	@Test
	void torchScriptFixtureMatchesTheRecordedOutput() throws Exception {
		ZooModel.Description d = ZooModel.read(fixture());
		assertEquals(8, d.pkg().sizeMultiple);
		assertEquals(2, d.pkg().classes.size());
		assertEquals(4, d.pkg().halo);
		assertEquals(Normalization.Kind.ZERO_MEAN_UNIT_VARIANCE, d.pkg().normalization.kind());
		Npy.Array in = Npy.read(fixture().resolve("test_input.npy"));
		Npy.Array out = Npy.read(fixture().resolve("test_output.npy"));
		int h = (int) in.shape()[2], w = (int) in.shape()[3];
		float[] xy = new float[w * h];
		System.arraycopy(in.data(), 0, xy, 0, xy.length);
		AxisImage<FloatType> img = AxisImage.of("test", ArrayImgs.floats(xy, w, h), Axis.X, Axis.Y);
		try (LoadedModel m = ZooModel.load(fixture(), Device.cpu())) {
			for (Tiling t : List.of(Tiling.untiled(), Tiling.of(24, 4, 2))) {
				AxisImage<FloatType> p = m.probabilities(img, t, "p");
				RandomAccess<FloatType> ra = p.data().randomAccess();
				double max = 0;
				for (int c = 0; c < 2; c++)
					for (int y = 0; y < h; y++)
						for (int x = 0; x < w; x++) {
							ra.setPosition(new int[] { x, y, c });
							max = Math.max(max, Math.abs(ra.get().get() - out.data()[(c * h + y) * w + x]));
						}
				assertTrue(max < 1e-5, t + ": max |djl - pytorch| = " + max);
			}
		}
	}

	@Test
	void wrongChecksumOrUnsupportedStepsAreInputErrors() throws Exception {
		Path dir = tmp.resolve("z");
		Files.createDirectories(dir);
		for (String f : List.of("rdf.yaml", "weights.pt", "test_input.npy", "test_output.npy"))
			Files.copy(fixture().resolve(f), dir.resolve(f));
		String rdf = Files.readString(dir.resolve("rdf.yaml"));
		Files.writeString(dir.resolve("rdf.yaml"), rdf.replaceAll("sha256: [0-9a-f]+", "sha256: 00ff"));
		InputException e = assertThrows(InputException.class, () -> ZooModel.load(dir, Device.cpu()));
		assertTrue(e.getMessage().contains("sha256"), e.getMessage());
		Files.writeString(dir.resolve("rdf.yaml"), rdf.replace("zero_mean_unit_variance", "scale_linear"));
		e = assertThrows(InputException.class, () -> ZooModel.read(dir));
		assertTrue(e.getMessage().contains("'scale_linear' is not supported"), e.getMessage());
		Files.writeString(dir.resolve("rdf.yaml"), rdf.replace("axes: bcyx", "axes: bczyx"));
		e = assertThrows(InputException.class, () -> ZooModel.read(dir));
		assertTrue(e.getMessage().contains("bczyx"), e.getMessage());
	}
}
