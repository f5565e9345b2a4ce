package org.segmentij.command.deep;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.segmentij.command.Techniques;

/** Applies a trained ViT Segmenter model package (architecture "vit"); the same as Apply Deep Model, with the architecture checked. */
@Plugin(type = Command.class, name = "vit", label = "ViT Segmenter", headless = true, menuRoot = Techniques.MENU_ROOT,
		menuPath = Techniques.MENU + "Deep Learning>Networks>ViT Segmenter",
		description = "Applies a ViT Segmenter model package trained by Train Network / segmentij train --arch vit, in tiles: probabilities or labels.")
public class VitSegmenterCommand extends ApplyDeepModelCommand {

	@Override
	protected String architecture() {
		return "vit";
	}
}
