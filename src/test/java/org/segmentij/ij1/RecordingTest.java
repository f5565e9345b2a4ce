package org.segmentij.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.segmentij.params.MacroOptions;
import org.segmentij.params.ParameterParser;
import org.segmentij.service.SegmentIJ;
import org.segmentij.service.Technique;

import ij.plugin.frame.Recorder;

/** What TechniquePlugin hands ImageJ 1's Recorder replays, through the macro path, to the same values. */
class RecordingTest {

	@Test
	void recordedOptionsReplayIdentically() {
		for (String id : new String[] { "otsu", "manual-threshold", "connected-components" }) {
			Technique t = SegmentIJ.segmentation().technique(id);
			Map<String, String> given = switch (id) {
				case "otsu" -> Map.of("dark_objects", "true");
				case "manual-threshold" -> Map.of("lower", "12.5", "upper", "Infinity");
				default -> Map.of("connectivity", "face");
			};
			Map<String, Object> values = ParameterParser.parse(id, t.parameters(), given);
			Recorder.resetCommandOptions();
			TechniquePlugin.record(t.parameters(), values);
			String recorded = Recorder.getCommandOptions();
			assertEquals(MacroOptions.format(t.parameters(), values), recorded, id);
			assertEquals(values, ParameterParser.parse(id, t.parameters(), MacroOptions.values(t.parameters(), recorded)), id);
		}
		Recorder.resetCommandOptions();
	}
}
