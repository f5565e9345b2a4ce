package org.segmentij.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.segmentij.UsageException;
import org.segmentij.command.Techniques;

import ij.ImagePlus;
import ij.process.ShortProcessor;

class SegmentationServiceTest {

	private static Context context;
	private static SegmentationService service;

	@BeforeAll
	static void start() {
		context = SegmentIJ.newContext();
		service = context.service(SegmentationService.class);
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	static ImagePlus twoLevels() {
		ShortProcessor ip = new ShortProcessor(40, 30);
		for (int y = 0; y < 30; y++)
			for (int x = 0; x < 40; x++)
				ip.set(x, y, (x >= 10 && x < 20 && y >= 5 && y < 15) || (x >= 25 && y >= 20) ? 1000 + (x * y) % 7 : 100 + (x + y) % 5);
		return new ImagePlus("cells.tif", ip);
	}

	@Test
	void tryAllLocalThresholdsGivesEachLocalMethodsOwnMask() {
		ImagePlus in = twoLevels();
		ImagePlus all = service.run("try-all-local-thresholds", in, Map.of("radius", "5", "stack", "true")).image();
		org.segmentij.classical.threshold.LocalMethod[] methods = org.segmentij.classical.threshold.LocalMethod.values();
		assertEquals(methods.length, all.getStackSize());
		for (int i = 0; i < methods.length; i++) {
			assertEquals(methods[i].label(), all.getStack().getSliceLabel(i + 1));
			// oracle: the method's own technique with the same radius and its defaults
			ImagePlus one = service.run(methods[i].id(), in, Map.of("radius", "5")).image();
			byte[] a = (byte[]) all.getStack().getPixels(i + 1), b = (byte[]) one.getProcessor().getPixels();
			assertTrue(java.util.Arrays.equals(a, b), methods[i].label());
		}
	}

	@Test
	void everyCommandIsFoundByItsMenuPathThroughTheAnnotationIndex() {
		CommandService cs = context.service(CommandService.class);
		List<Technique> techniques = service.techniques();
		assertTrue(techniques.size() >= 3, "techniques: " + techniques);
		Set<String> ids = new HashSet<>();
		for (Technique t : techniques) {
			assertTrue(ids.add(t.id()), "duplicate id " + t.id());
			assertTrue(t.id().matches("[a-z0-9]+(-[a-z0-9]+)*"), "id not kebab-case: " + t.id());
			assertTrue(t.menuPath().startsWith("Plugins>Segmentation>" + t.group() + ">"), t.menuPath());
			CommandInfo byMenu = cs.getCommands().stream().filter(c -> Techniques.MENU_ROOT.equals(c.getMenuRoot())
					&& Techniques.menuString(c.getMenuPath()).equals(t.menuPath())).findFirst().orElse(null);
			assertNotNull(byMenu, "no command with menu path " + t.menuPath());
			assertEquals(t.command().getDelegateClassName(), byMenu.getDelegateClassName());
		}
		assertTrue(ids.containsAll(List.of("otsu", "manual-threshold", "connected-components")), ids.toString());
	}

	@Test
	void aCommandRunsHeadlessThroughCommandService() throws Exception {
		CommandService cs = context.service(CommandService.class);
		ImagePlus input = twoLevels();
		short[] before = ((short[]) input.getProcessor().getPixels()).clone();
		Future<CommandModule> f = cs.run(org.segmentij.command.threshold.OtsuThresholdCommand.class, false, "input", input,
				"dark_objects", false);
		CommandModule m = f.get();
		ImagePlus out = (ImagePlus) m.getOutput("output");
		assertEquals("cells-otsu", out.getTitle());
		assertEquals(8, out.getBitDepth());
		int fg = 0;
		for (int i = 0; i < 40 * 30; i++)
			if (out.getProcessor().get(i) == 255)
				fg++;
		assertEquals(10 * 10 + 15 * 10, fg); // the two bright rectangles exactly
		assertTrue((double) m.getOutput("threshold") >= 104 && (double) m.getOutput("threshold") < 1000);
		assertTrue(java.util.Arrays.equals(before, (short[]) input.getProcessor().getPixels()), "input modified");
	}

	@Test
	void serviceRunParsesTextParameters() {
		TechniqueResult r = service.run("manual-threshold", twoLevels(), Map.of("lower", "500", "upper", "2000"));
		assertEquals(250, countNonZero(r.image()));
		assertEquals(500.0, r.parameters().get("lower"));
		TechniqueResult labels = service.run("connected-components", r.image(), Map.of());
		assertEquals(2, (int) labels.image().getStatistics().max);
		UsageException e = assertThrows(UsageException.class, () -> service.technique("otsuu"));
		assertTrue(e.getMessage().contains("Did you mean 'otsu'"), e.getMessage());
		assertThrows(UsageException.class, () -> service.run("manual-threshold", twoLevels(), Map.of("lower", "9", "upper", "1")));
	}

	@Test
	void pluginsConfigHasOneEntryPerCommand() throws IOException {
		String config;
		try (InputStream in = SegmentationServiceTest.class.getResourceAsStream("/plugins.config")) {
			assertNotNull(in, "plugins.config is not at the root of the jar's resources");
			config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		Set<String> lines = new HashSet<>();
		for (String line : config.split("\n"))
			if (!line.isBlank() && !line.startsWith("#"))
				assertTrue(lines.add(line.trim()), "duplicate line " + line);
		Set<String> expected = new HashSet<>(org.segmentij.ij1.PluginsConfig.OTHER_ENTRIES);
		for (Technique t : service.techniques())
			expected.add(t.menuPath().substring(0, t.menuPath().lastIndexOf('>')) + ", \"" + t.label()
					+ "\", org.segmentij.ij1.TechniquePlugin(\"" + t.id() + "\")");
		assertEquals(expected, lines, "regenerate with: ./segmentij plugins-config > plugins.config");
	}

	static int countNonZero(ImagePlus imp) {
		int n = 0;
		for (int s = 1; s <= imp.getStackSize(); s++)
			for (int i = 0; i < imp.getWidth() * imp.getHeight(); i++)
				if (imp.getStack().getProcessor(s).getf(i) != 0)
					n++;
		return n;
	}
}
