package org.mmdet4j.runner;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of {@code workflow}: {@code ['train', 1]} runs one training epoch (an epoch-based
 * runner) or one training iteration (an iteration-based runner), {@code ['val', 1]} the same
 * for validation losses.
 */
public record WorkflowStage(Mode mode, int count) {
    public WorkflowStage {
        if (count <= 0) {
            throw new IllegalArgumentException("workflow counts must be positive, got " + count);
        }
    }

    /** Parses {@code [['train', 1], ['val', 1]]}. */
    public static List<WorkflowStage> parse(List<?> workflow) {
        List<WorkflowStage> stages = new ArrayList<>();
        for (Object o : workflow) {
            if (!(o instanceof List<?> pair) || pair.size() != 2 || !(pair.get(1) instanceof Number n)) {
                throw new IllegalArgumentException("workflow entries are [mode, count] pairs, got " + o);
            }
            stages.add(new WorkflowStage(Mode.parse(String.valueOf(pair.get(0))), n.intValue()));
        }
        if (stages.stream().noneMatch(s -> s.mode() == Mode.TRAIN)) {
            throw new IllegalArgumentException("workflow needs a 'train' stage, got " + workflow);
        }
        return stages;
    }
}
