package org.segmentij.ij1;

import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.GraphicsEnvironment;
import java.awt.TextField;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Vector;

import org.segmentij.SegmentIJException;
import org.segmentij.params.MacroOptions;
import org.segmentij.params.ParameterParser;
import org.segmentij.params.ParameterSpec;
import org.segmentij.service.NamedTable;
import org.segmentij.service.RoiSet;
import org.segmentij.service.SegmentIJ;
import org.segmentij.service.SegmentationService;
import org.segmentij.service.Technique;
import org.segmentij.service.TechniqueResult;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;
import ij.plugin.frame.Recorder;

/**
 * The one ImageJ 1 entry point for every SegmentIJ technique. Each line of plugins.config calls
 * it with the technique's id, e.g. {@code TechniquePlugin("otsu")}. It reads the parameters from
 * the macro options when a macro runs it ({@code run("Otsu Threshold", "dark_objects")}) or from
 * a dialog otherwise (a macro that gives no options gets the defaults: no dialog ever blocks a
 * macro), parses them with the same {@link ParameterParser} as the command line,
 * records itself for the Macro Recorder, runs the technique on the current image (which it does
 * not modify) and shows the result as a new image. Plain ImageJ 1 and Fiji behave the same.
 */
public class TechniquePlugin implements PlugIn {

	/** The dialog's choice for "no image" of an image parameter. */
	static final String NO_IMAGE = "[None]";

	@Override
	public void run(String id) {
		withPluginClassLoader(() -> runTechnique(id));
	}

	/** Runs with this jar's class loader as the context loader: in plain ImageJ 1 the jar is loaded by ImageJ's plugin class loader, and SciJava must see it. */
	static void withPluginClassLoader(Runnable r) {
		Thread thread = Thread.currentThread();
		ClassLoader saved = thread.getContextClassLoader();
		thread.setContextClassLoader(TechniquePlugin.class.getClassLoader());
		try {
			r.run();
		}
		finally {
			thread.setContextClassLoader(saved);
		}
	}

	private void runTechnique(String id) {
		String title = "SegmentIJ";
		String options = Macro.getOptions();
		try {
			SegmentationService service = SegmentIJ.segmentation();
			Technique t = service.technique(id);
			title = t.label();
			ImagePlus imp = WindowManager.getCurrentImage();
			if (imp == null) {
				fail(title, "There is no image open. Open an image (File > Open...) and run " + t.label() + " again.", options);
				return;
			}
			Map<String, String> text;
			if (options != null)
				text = MacroOptions.values(t.parameters(), options);
			else if (GraphicsEnvironment.isHeadless() || t.parameters().isEmpty() || IJ.isMacro())
				text = new LinkedHashMap<>(); // a macro without options gets the defaults, never a blocking dialog
			else {
				text = showDialog(t, imp);
				if (text == null)
					return; // canceled
			}
			Map<String, Object> values = ParameterParser.parse(t.label(), t.parameters(), text);
			if (options == null && Recorder.record)
				record(t.parameters(), values);
			IJ.showStatus(t.label() + "... (Esc stops)");
			long start = System.nanoTime();
			IJ.resetEscape();
			TechniqueResult result;
			try {
				result = org.segmentij.TaskMonitor.with(new org.segmentij.TaskMonitor.Listener() {
					@Override
					public void progress(String what, long done, long total) {
						IJ.showProgress((int) done, (int) Math.max(1, total));
					}

					@Override
					public boolean canceled() {
						return IJ.escapePressed();
					}
				}, () -> service.runParsed(t, imp, values));
			}
			finally {
				IJ.showProgress(1.0);
			}
			show(result, t.label(), imp, null);
			IJ.showStatus(t.label() + ": " + (System.nanoTime() - start) / 1_000_000 + " ms");
		}
		catch (org.segmentij.TaskMonitor.CanceledException e) {
			IJ.showStatus(e.getMessage());
			if (options != null)
				Macro.abort();
		}
		catch (SegmentIJException e) {
			fail(title, e.getMessage(), options);
		}
		catch (RuntimeException | LinkageError e) {
			IJ.log(title + ": internal error\n" + stackTrace(e));
			fail(title, "Internal error: " + e + "\nDetails are in the Log window; please report them.", options);
		}
	}

	/**
	 * Shows a result: its image (with the values as properties "SegmentIJ.KEY", retitled when
	 * {@code title} is given) or, when there is none, the values in the Log.
	 */
	static void show(TechniqueResult result, String what, ImagePlus input, String title) {
		ImagePlus out = result.image();
		Map<String, Object> plain = new LinkedHashMap<>();
		for (Map.Entry<String, Object> e : result.values().entrySet()) {
			if (e.getValue() instanceof NamedTable nt)
				nt.table().show(nt.title());
			else if (e.getValue() instanceof RoiSet rs) {
				if (GraphicsEnvironment.isHeadless() && !Interpreter.isBatchMode())
					IJ.log(what + ": " + rs.rois().size() + " ROIs not added: there is no ROI Manager in headless mode");
				else
					LabelRois.addToRoiManager(rs.rois());
			}
			else
				plain.put(e.getKey(), e.getValue());
		}
		if (out != null) {
			if (title != null)
				out.setTitle(title);
			for (Map.Entry<String, Object> e : plain.entrySet())
				out.setProp("SegmentIJ." + e.getKey(), ParameterParser.format(e.getValue()));
			out.show();
		}
		else if (!plain.isEmpty()) { // a technique that only gives values (e.g. value_only): the Log shows them
			StringBuilder sb = new StringBuilder(what + " of " + input.getTitle() + ":");
			plain.forEach((k, v) -> sb.append(' ').append(k).append('=').append(ParameterParser.format(v)));
			IJ.log(sb.toString());
		}
	}

	static void fail(String title, String message, String options) {
		IJ.error(title, message);
		if (options != null)
			Macro.abort();
	}

	/** Dialog with one field per parameter; labels use '_' for spaces so the macro key is the parameter key. */
	private static Map<String, String> showDialog(Technique t, ImagePlus imp) {
		GenericDialog gd = new GenericDialog(t.label());
		gd.addMessage(t.description() == null ? "" : t.description());
		for (ParameterSpec s : t.parameters()) {
			String label = dialogLabel(s.key());
			Object def = s.defaultValue();
			if (s.isBoolean())
				gd.addCheckbox(label, Boolean.TRUE.equals(def));
			else if (s.isImage()) {
				String[] titles = WindowManager.getImageTitles();
				String[] items = new String[titles.length + 1];
				items[0] = NO_IMAGE;
				System.arraycopy(titles, 0, items, 1, titles.length);
				gd.addChoice(label, items, NO_IMAGE);
			}
			else if (!s.choices().isEmpty())
				gd.addChoice(label, s.choices().toArray(new String[0]),
						def == null ? s.choices().get(0) : def.toString());
			else if (s.isNumber()) {
				String f = ParameterParser.format(def);
				int dot = f.indexOf('.');
				int digits = dot < 0 ? 0 : Math.min(6, f.length() - dot - 1);
				gd.addNumericField(label, def == null ? 0 : ((Number) def).doubleValue(), digits, 8, "");
			}
			else if (s.key().equals("model")) { // a model name or folder: the ones found, and Browse for others
				java.util.List<String> found = org.segmentij.deep.store.ModelStore.available();
				gd.addMessage(found.isEmpty() ? "No models in models/, ~/.segmentij/models or Fiji's models/: give a model folder."
						: "Models found: " + String.join(", ", found));
				String d = def == null ? "" : def.toString();
				gd.addDirectoryField(label, d.isEmpty() && !found.isEmpty() ? found.get(0) : d);
			}
			else
				gd.addStringField(label, def == null ? "" : def.toString(), 20);
		}
		Preview preview = Preview.offers(t) ? new Preview(t, imp) : null;
		if (preview != null) {
			gd.addCheckbox("Preview (current slice)", false);
			gd.addDialogListener((dialog, event) -> preview.update(dialog, readFields(t, dialog)));
		}
		gd.addHelp("https://github.com/segmentij/segmentij#" + t.id());
		try {
			gd.showDialog();
		}
		finally {
			if (preview != null)
				preview.close();
		}
		if (gd.wasCanceled())
			return null;
		return readFields(t, gd);
	}

	/** The dialog's fields as text, keyed by parameter (the preview checkbox, added last, is not read). */
	private static Map<String, String> readFields(Technique t, GenericDialog gd) {
		Map<String, String> text = new LinkedHashMap<>();
		Vector<?> nums = gd.getNumericFields(), strs = gd.getStringFields(), boxes = gd.getCheckboxes(),
				choices = gd.getChoices();
		int n = 0, s2 = 0, b = 0, c = 0;
		for (ParameterSpec s : t.parameters()) {
			if (s.isBoolean())
				text.put(s.key(), Boolean.toString(((Checkbox) boxes.get(b++)).getState()));
			else if (s.isImage())
				text.put(s.key(), ((Choice) choices.get(c++)).getSelectedItem());
			else if (!s.choices().isEmpty())
				text.put(s.key(), ((Choice) choices.get(c++)).getSelectedItem());
			else if (s.isNumber())
				text.put(s.key(), ((TextField) nums.get(n++)).getText());
			else
				text.put(s.key(), ((TextField) strs.get(s2++)).getText());
		}
		return text;
	}

	/** "dark_objects" becomes "Dark_objects": ImageJ shows "Dark objects" and records key "dark_objects". */
	static String dialogLabel(String key) {
		// words as a user writes them; ImageJ derives the macro key from the label in lower case,
		// so "ImageJ_histogram" still records and reads as imagej_histogram
		String[] words = key.split("_", -1);
		for (int i = 0; i < words.length; i++)
			words[i] = switch (words[i]) {
			case "imagej" -> "ImageJ";
			case "rgb" -> "RGB";
			case "roi" -> "ROI";
			case "rois" -> "ROIs";
			case "id" -> "ID";
			case "csv" -> "CSV";
			default -> words[i];
			};
		String label = String.join("_", words);
		return label.isEmpty() ? label : Character.toUpperCase(label.charAt(0)) + label.substring(1);
	}

	/** Records the values for the Macro Recorder, in the form {@link MacroOptions} reads back. */
	static void record(List<ParameterSpec> specs, Map<String, Object> values) {
		for (ParameterSpec s : specs) {
			Object v = values.get(s.key());
			if (s.isBoolean()) {
				if (Boolean.TRUE.equals(v))
					Recorder.recordOption(s.key());
			}
			else if (v != null)
				Recorder.recordOption(s.key(), ParameterParser.format(v));
		}
	}

	static String stackTrace(Throwable e) {
		java.io.StringWriter sw = new java.io.StringWriter();
		e.printStackTrace(new java.io.PrintWriter(sw));
		return sw.toString();
	}
}
