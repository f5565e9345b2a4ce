package org.segmentij.command.deep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segmentij.cli.Main;
import org.segmentij.deep.infer.Tiling;
import org.segmentij.deep.store.LoadedModel;
import org.segmentij.deep.store.ModelStore;
import org.segmentij.image.Axis;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;
import org.segmentij.service.ModelService;
import org.segmentij.service.SegmentIJ;

import ai.djl.Device;
import ai.djl.Model;
import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import net.imglib2.RandomAccess;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/** The command line runs a model package saved by the test; the service caches and releases models. */
class ApplyDeepModelCommandTest {

	@TempDir
	Path tmp;

	static synchronized int cli(String... args) {
		PrintStream o = System.out, e = System.err;
		ByteArrayOutputStream bo = new ByteArrayOutputStream();
		System.setOut(new PrintStream(bo, true, StandardCharsets.UTF_8));
		System.setErr(new PrintStream(bo, true, StandardCharsets.UTF_8));
		try {
			return Main.execute(args);
		}
		finally {
			System.setOut(o);
			System.setErr(e);
		}
	}

	@Test
	void cliAppliesASavedPackage() throws Exception {
		Path pkgDir = tmp.resolve("models").resolve("tiny");
		try (Model m = org.segmentij.deep.store.ModelStoreTestAccess.tinyUnet(4)) {
			ModelStore.save(m, org.segmentij.deep.store.ModelStoreTestAccess.meta(m), pkgDir);
		}
		short[] pix = new short[90 * 70];
		Random r = new Random(3);
		for (int i = 0; i < pix.length; i++)
			pix[i] = (short) r.nextInt(3000);
		AxisImage<UnsignedShortType> img = AxisImage.of("in", ArrayImgs.unsignedShorts(pix, 90, 70), Axis.X, Axis.Y);
		Path in = tmp.resolve("in.tif");
		assertTrue(new FileSaver(ImagePlusAdapter.toImagePlus(img)).saveAsTiff(in.toString()));

		Path probs = tmp.resolve("p.tif"), labels = tmp.resolve("l.tif");
		assertEquals(0, cli("run", "apply-model", "--param", "model=" + pkgDir, "--param", "device=cpu", "-i", in.toString(), "-o",
				probs.toString()));
		assertEquals(0, cli("run", "apply-model", "--param", "model=" + pkgDir, "--param", "result=labels", "--param", "tile=32",
				"-i", in.toString(), "-o", labels.toString()));
		ImagePlus p = IJ.openImage(probs.toString()), l = IJ.openImage(labels.toString());
		assertEquals(2, p.getNChannels());
		assertEquals(32, p.getBitDepth());
		assertEquals(1, l.getStackSize());

		// the same as the model applied in-process with the package's tiling; labels = argmax
		try (LoadedModel m = LoadedModel.load(ModelStore.read(pkgDir), Device.cpu())) {
			AxisImage<FloatType> ref = m.probabilities(img, m.tiling(0, -1, 1), "ref");
			RandomAccess<FloatType> ra = ref.data().randomAccess();
			double max = 0;
			for (int c = 0; c < 2; c++)
				for (int y = 0; y < 70; y++)
					for (int x = 0; x < 90; x++) {
						ra.setPosition(new int[] { x, y, c });
						max = Math.max(max, Math.abs(ra.get().get() - p.getStack().getProcessor(c + 1).getf(x, y)));
						if (c == 1) {
							float p0 = p.getStack().getProcessor(1).getf(x, y), p1 = p.getStack().getProcessor(2).getf(x, y);
							if (Math.abs(p0 - p1) > 1e-3)
								assertEquals(p1 > p0 ? 1 : 0, (int) l.getProcessor().getf(x, y), "label at " + x + "," + y);
						}
					}
			assertTrue(max < 1e-5, "max diff " + max);
		}
		assertEquals(3, cli("run", "apply-model", "--param", "model=no-such-model", "-i", in.toString(), "-o",
				tmp.resolve("x.tif").toString()));
		assertEquals(2, cli("run", "apply-model", "--param", "model=" + pkgDir, "--param", "tile=31", "-i", in.toString(),
				"-o", tmp.resolve("y.tif").toString()));
	}

	@Test
	void serviceCachesModelsByPathAndReleasesThem() throws Exception {
		Path pkgDir = tmp.resolve("m");
		try (Model m = org.segmentij.deep.store.ModelStoreTestAccess.tinyUnet(5)) {
			ModelStore.save(m, org.segmentij.deep.store.ModelStoreTestAccess.meta(m), pkgDir);
		}
		ModelService s = SegmentIJ.models();
		assertEquals(Device.cpu(), s.device("cpu"));
		LoadedModel a = s.model(pkgDir.toString(), Device.cpu());
		assertSame(a, s.model(pkgDir.resolve("model.json").toString(), Device.cpu()));
		// one predictor per thread
		var p1 = a.predictor();
		var p2 = new java.util.concurrent.atomic.AtomicReference<Object>();
		Thread t = new Thread(() -> p2.set(a.predictor()));
		t.start();
		t.join();
		assertNotSame(p1, p2.get());
		s.releaseAll();
		assertTrue(a.isClosed());
		LoadedModel b = s.model(pkgDir.toString(), Device.cpu());
		assertNotSame(a, b);
		s.releaseAll();
	}
}
