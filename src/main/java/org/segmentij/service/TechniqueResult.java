package org.segmentij.service;

import java.util.Map;

import ij.ImagePlus;

/**
 * What one run of a technique gave.
 *
 * @param technique  the technique that ran
 * @param parameters the typed parameter values it ran with (defaults filled in)
 * @param image      the result image (a new image; the input is untouched)
 * @param values     other outputs by name, such as the threshold levels chosen
 */
public record TechniqueResult(Technique technique, Map<String, Object> parameters, ImagePlus image,
		Map<String, Object> values) {
}
