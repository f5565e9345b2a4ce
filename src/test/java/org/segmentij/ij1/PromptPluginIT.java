package org.segmentij.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interactive Prompt Segmentation in a plain ImageJ 1 under Xvfb, driven by mouse and key events
 * ({@link PromptPluginProbe}) with the shipped nuclei-prompt model: the image is encoded once and
 * the command returns (nothing modal); a click gives the nucleus; a negative click is taken back
 * by Backspace exactly; Enter accepts into the ROI Manager; a rectangle is a box prompt; Done
 * shows the label image and gives ImageJ its keys back.
 */
class PromptPluginIT {

	@TempDir
	Path tmp;

	@Test
	void clicksBoxesUndoAcceptAndDoneInImageJ() throws Exception {
		ImageJ1Process ij = new ImageJ1Process(tmp);
		Path out = Files.createDirectories(tmp.resolve("out"));
		Path model = Path.of("models", "nuclei-prompt").toAbsolutePath();
		ImageJ1Process.Result r = ij.java(ImageJ1Process.classFolders(),
				List.of(PromptPluginProbe.class.getName(), ij.home.toString(), out.toString(), model.toString()), 240);
		r.assertOk();
		List<String> lines = Files.readAllLines(out.resolve("prompt.txt"));
		System.out.println("Interactive Prompt Segmentation probe:\n" + String.join("\n", lines));
		String all = String.join("\n", lines) + "\n" + r.output();
		Map<String, String> v = new HashMap<>();
		for (String l : lines)
			for (String kv : l.split(" "))
				if (kv.contains("="))
					v.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
		assertTrue(!v.containsKey("error"), all);
		assertEquals("true", v.get("session"), all);
		assertTrue(Double.parseDouble(v.get("click1_iou")) > 0.8, all);
		assertEquals("true", v.get("overlay"), all);
		assertEquals("2", v.get("negative_depth"), all);
		assertEquals("1", v.get("negatives"), all);
		assertEquals("1", v.get("undo_depth"), all);
		assertEquals("true", v.get("same"), all);
		assertEquals("1", v.get("accepted"), all);
		assertEquals("1", v.get("manager"), all);
		assertTrue(Double.parseDouble(v.get("box_iou")) > 0.8, all);
		assertEquals("true", v.get("selection_removed"), all);
		assertEquals("true", v.get("done_button"), all);
		assertEquals("3", v.get("labels_max"), all);
		assertEquals("true", v.get("detached"), all);
		assertEquals("true", v.get("session_gone"), all);
		assertEquals("3", v.get("manager_final"), all);
		assertEquals("true", v.get("imagej_keys_back"), all);
	}
}
