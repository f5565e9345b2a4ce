package org.segmentij.ij1;

import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.EventQueue;
import java.awt.Menu;
import java.awt.MenuBar;
import java.awt.MenuItem;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Vector;

import org.segmentij.params.ParameterParser;
import org.segmentij.params.ParameterSpec;
import org.segmentij.service.SegmentIJ;
import org.segmentij.service.SegmentationService;
import org.segmentij.service.Technique;

import ij.Executer;
import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.Menus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.io.FileSaver;
import ij.plugin.frame.Recorder;

/**
 * Run by {@link MenusAndRecordingIT} in a plain ImageJ 1 under Xvfb (not a test itself):
 * <ol>
 * <li>writes every menu path of ImageJ's menu bar to {@code menus.txt};</li>
 * <li>for every technique, runs its menu command as a user does (a command thread, the Macro
 * Recorder open), fills the dialog with non-default values and presses OK, takes the line the
 * Recorder wrote, replays it as a macro on the same input and writes one line per technique to
 * {@code recording.txt}: "OK id line" when the replayed output, the dialog run's output and a
 * direct run through the service with the same values are identical, else "FAIL id reason".</li>
 * </ol>
 * Arguments: ImageJ home, output folder, input folder (in.tif, mask.tif, labels.tif).
 */
public final class Ij1Probe {

	/** Techniques the probe does not drive, with the reason (they need a file the test does not make). */
	static final Map<String, String> NOT_RECORDED = Map.of("apply-model",
			"needs a model package (a file); TechniqueContractTest runs it with a saved one", "measure-labels",
			"its optional second image (intensity) is a choice of open images the probe does not drive; CliTest and TechniqueContractTest run it",
			"unet", "needs a model package", "segnet", "needs a model package", "deeplabv3plus", "needs a model package", "fcn",
			"needs a model package", "vit", "needs a model package");

	/** The folder of the probe's inputs (in.tif, mask.tif, labels.tif, prompts.zip). */
	static Path inputsDir = Path.of(".");

	public static void main(String[] args) throws Exception {
		Path home = Path.of(args[0]), out = Path.of(args[1]), inputs = Path.of(args[2]);
		inputsDir = inputs;
		System.setProperty("plugins.dir", home.toString());
		new ImageJ(ImageJ.NO_SHOW);
		List<String> menus = new ArrayList<>();
		MenuBar bar = Menus.getMenuBar();
		for (int i = 0; i < bar.getMenuCount(); i++)
			walk(bar.getMenu(i), bar.getMenu(i).getLabel(), menus);
		Files.write(out.resolve("menus.txt"), menus, StandardCharsets.UTF_8);

		new Recorder(); // the Macro Recorder window, as Plugins > Macros > Record...
		SegmentationService service = SegmentIJ.segmentation();
		List<String> report = new ArrayList<>();
		for (Technique t : service.techniques()) {
			if (NOT_RECORDED.containsKey(t.id())) {
				report.add("SKIP " + t.id() + " " + NOT_RECORDED.get(t.id()));
				continue;
			}
			try {
				report.add(recordAndReplay(service, t, inputs, out));
			}
			catch (Throwable e) {
				report.add("FAIL " + t.id() + " " + e);
				e.printStackTrace();
			}
			closeAll();
		}
		Files.write(out.resolve("recording.txt"), report, StandardCharsets.UTF_8);
		System.exit(0);
	}

	private static void walk(Menu menu, String path, List<String> lines) {
		for (int i = 0; i < menu.getItemCount(); i++) {
			MenuItem item = menu.getItem(i);
			String p = path + ">" + item.getLabel();
			if (item instanceof Menu sub)
				walk(sub, p, lines);
			else
				lines.add(p);
		}
	}

	/** The input a technique works on: a mask for the labelling ones, labels for the clean-up, else the image. */
	static String inputFor(String id) {
		return switch (id) {
			case "connected-components", "distance-watershed" -> "mask.tif";
			case "label-cleanup" -> "labels.tif";
			default -> "in.tif";
		};
	}

	/** Values different from every default that still make sense together. */
	static Map<String, String> nonDefaults(Technique t) {
		Map<String, String> v = new LinkedHashMap<>();
		Map<String, String> fixed = switch (t.id()) {
			case "canny" -> Map.of("sigma", "1.5", "auto_thresholds", "true", "low", "0.6", "high", "0.9");
			case "manual-threshold" -> Map.of("lower", "900", "upper", "40000");
			case "edges-to-regions" -> Map.of("sigma", "1.5", "auto_thresholds", "true", "low", "0.6", "high", "0.9");
			case "normalized-cut" -> Map.of("n_segments", "60"); // 1.5x the default would ask for 600 superpixels of 6 pixels: a dense 600x600 eigenproblem per cut
			case "deep-instances" -> Map.of("device", "cpu", "seed_threshold", "0.7", "foreground_threshold", "0.6", "tile", "64");
			case "star-convex-instances" -> Map.of("device", "cpu", "prob_threshold", "0.6", "nms_threshold", "0.3", "tile", "64");
			case "panoptic-instances" -> Map.of("device", "cpu", "centre_threshold", "0.2", "nms_radius", "5", "tile", "64");
			case "prompt" -> Map.of("device", "cpu", "rois", inputsDir.resolve("prompts.zip").toString(), "threshold", "0.4");
			default -> Map.of();
		};
		for (ParameterSpec s : t.parameters()) {
			Object def = s.defaultValue();
			if (s.key().equals("radius_z"))
				continue; // the inputs are 2D: 3D windows are refused (TechniqueContractTest covers stacks)
			if (fixed.containsKey(s.key()))
				v.put(s.key(), fixed.get(s.key()));
			else if (s.isBoolean())
				v.put(s.key(), Boolean.toString(!Boolean.TRUE.equals(def) && !s.key().equals("value_only"))); // value_only: no image
			else if (!s.choices().isEmpty()) {
				List<String> c = s.choices();
				v.put(s.key(), c.get(c.get(c.size() - 1).equals(String.valueOf(def)) ? 0 : c.size() - 1));
			}
			else if (s.isNumber() && def instanceof Number n && Double.isFinite(n.doubleValue())) {
				double x = n.doubleValue() == 0 ? 1 : n.doubleValue() < 0 ? 0 : Math.round(n.doubleValue() * 1500) / 1000.0;
				boolean integer = def instanceof Integer || def instanceof Long;
				v.put(s.key(), integer ? Long.toString(Math.round(x)) : ParameterParser.format(x));
			}
		}
		return v;
	}

	private static String recordAndReplay(SegmentationService service, Technique t, Path inputs, Path out) throws Exception {
		Path inFile = inputs.resolve(inputFor(t.id()));
		Map<String, String> values = nonDefaults(t);
		ImagePlus input = IJ.openImage(inFile.toString());
		int before = WindowManager.getImageCount();
		String recordedBefore = Recorder.getInstance().getText();

		// 1. the menu command on a command thread, as a click on the menu item; its dialog filled in
		Thread command = new Thread(() -> new Executer(t.label()).run(), t.label());
		WindowManager.setTempCurrentImage(command, input);
		command.start();
		GenericDialog gd = waitForDialog(t.label(), command);
		if (gd == null)
			return "FAIL " + t.id() + " no dialog appeared";
		EventQueue.invokeAndWait(() -> fill(gd, t, values));
		EventQueue.invokeAndWait(() -> gd.actionPerformed(new ActionEvent(gd.getButtons()[0], ActionEvent.ACTION_PERFORMED, "OK")));
		IJ.getErrorMessage(); // clears it
		for (int i = 0; i < 1200 && command.isAlive(); i++) { // an error dialog would block the command: report and close it
			for (Window w : Window.getWindows())
				if (w instanceof ij.gui.MessageDialog md && md.isVisible()) {
					String msg = IJ.getErrorMessage();
					EventQueue.invokeAndWait(md::dispose);
					command.join(10_000);
					return "FAIL " + t.id() + " error dialog: " + msg + " (values " + values + ")";
				}
			command.join(50);
		}
		if (command.isAlive())
			return "FAIL " + t.id() + " the command did not finish";
		String recorded = Recorder.getInstance().getText().substring(recordedBefore.length()).strip();
		if (!recorded.startsWith("run(\"" + t.label() + "\", \"") || recorded.contains("\n"))
			return "FAIL " + t.id() + " recorded: " + recorded;
		if (recorded.equals("run(\"" + t.label() + "\", \"\");"))
			return "FAIL " + t.id() + " recorded no options: " + recorded;
		ImagePlus dialogRun = WindowManager.getImageCount() == before + 1 ? WindowManager.getImage(WindowManager.getIDList()[before]) : null;
		if (dialogRun == null)
			return "FAIL " + t.id() + " the dialog run showed no image";

		// 2. the recorded line replayed by a macro on the same input
		Path replayed = out.resolve(t.id() + "-replayed.tif");
		String macro = "setBatchMode(true);\nopen(\"" + inFile + "\");\n" + recorded + "\nsaveAs(\"Tiff\", \"" + replayed + "\");\n";
		IJ.runMacro(macro);
		ImagePlus replay = IJ.openImage(replayed.toString());
		if (replay == null)
			return "FAIL " + t.id() + " the replayed macro wrote nothing: " + macro;

		// 3. a direct run through the service with the same values
		ImagePlus direct = service.run(t.id(), IJ.openImage(inFile.toString()), values).image();
		String d1 = differ(direct, replay), d2 = differ(direct, dialogRun);
		if (d1 != null)
			return "FAIL " + t.id() + " replay differs from a direct run: " + d1 + " (" + recorded + ")";
		if (d2 != null)
			return "FAIL " + t.id() + " dialog run differs from a direct run: " + d2 + " (" + recorded + ")";
		return "OK " + t.id() + " " + recorded;
	}

	private static GenericDialog waitForDialog(String title, Thread command) throws InterruptedException {
		for (int i = 0; i < 600 && command.isAlive(); i++) {
			for (Window w : Window.getWindows())
				if (w instanceof GenericDialog gd && gd.isVisible() && title.equals(gd.getTitle()))
					return gd;
			Thread.sleep(50);
		}
		return null;
	}

	/** Types the values into the dialog's fields, which TechniquePlugin lays out in parameter order. */
	private static void fill(GenericDialog gd, Technique t, Map<String, String> values) {
		Vector<?> nums = gd.getNumericFields(), strs = gd.getStringFields(), boxes = gd.getCheckboxes(), choices = gd.getChoices();
		int n = 0, s2 = 0, b = 0, c = 0;
		for (ParameterSpec s : t.parameters()) {
			String v = values.get(s.key());
			if (s.isBoolean()) {
				Checkbox box = (Checkbox) boxes.get(b++);
				if (v != null)
					box.setState(Boolean.parseBoolean(v));
			}
			else if (!s.choices().isEmpty() || s.isImage()) { // an optional second image is a choice of open images
				Choice ch = (Choice) choices.get(c++);
				if (v != null)
					ch.select(v);
			}
			else if (s.isNumber()) {
				TextField f = (TextField) nums.get(n++);
				if (v != null)
					f.setText(v);
			}
			else {
				TextField f = (TextField) strs.get(s2++);
				if (v != null)
					f.setText(v);
			}
		}
	}

	/** Null when both images have the same size and pixel values, else what differs. */
	static String differ(ImagePlus a, ImagePlus b) {
		if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight() || a.getStackSize() != b.getStackSize()
				|| a.getBitDepth() != b.getBitDepth())
			return "size/type " + a.getWidth() + "x" + a.getHeight() + "x" + a.getStackSize() + " " + a.getBitDepth() + "-bit vs "
					+ b.getWidth() + "x" + b.getHeight() + "x" + b.getStackSize() + " " + b.getBitDepth() + "-bit";
		for (int s = 1; s <= a.getStackSize(); s++) {
			ij.process.ImageProcessor p = a.getStack().getProcessor(s), q = b.getStack().getProcessor(s);
			for (int i = 0; i < p.getPixelCount(); i++)
				if (Float.compare(p.getf(i), q.getf(i)) != 0)
					return "slice " + s + " pixel " + i + ": " + p.getf(i) + " vs " + q.getf(i);
		}
		return null;
	}

	private static void closeAll() {
		int[] ids = WindowManager.getIDList();
		if (ids != null)
			for (int id : ids) {
				ImagePlus imp = WindowManager.getImage(id);
				if (imp != null) {
					imp.changes = false;
					imp.close();
				}
			}
	}
}
