package io.fleetdeck.console.rollout.staged;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The stages of a rollout in order, e.g. {@code 1,10%,rest}. The last stage is always {@code rest}: a plan that does
 * not end with it gets it added, so every target (and every device that joins later) belongs to some stage.
 */
public record StagePlan(List<StageSize> stages) {
    public StagePlan {
        List<StageSize> copy = new ArrayList<>(stages);
        for (int i = 0; i < copy.size() - 1; i++) {
            if (copy.get(i) instanceof StageSize.Rest) {
                throw new StagePlanException(text(copy), "only the last stage can be rest");
            }
        }
        if (copy.isEmpty() || !(copy.getLast() instanceof StageSize.Rest)) {
            copy.add(new StageSize.Rest());
        }
        stages = List.copyOf(copy);
    }

    /** One canary, then a tenth of the targets, then the rest. */
    public static StagePlan defaults() {
        return parse("1,10%,rest");
    }

    /** Everything in one stage: a plain rollout with a concurrency limit and a threshold. */
    public static StagePlan single() {
        return new StagePlan(List.of());
    }

    /** Reads comma-separated {@link StageSize}s, e.g. {@code 1,10%,rest}. */
    public static StagePlan parse(String text) {
        if (text.isBlank()) {
            throw new StagePlanException(text, "no stages given");
        }
        List<StageSize> sizes = new ArrayList<>();
        for (String part : text.split(",")) {
            sizes.add(StageSize.parse(part));
        }
        return new StagePlan(sizes);
    }

    public int count() {
        return stages.size();
    }

    public boolean isLast(int stage) {
        return stage == stages.size() - 1;
    }

    public StageSize get(int stage) {
        return stages.get(stage);
    }

    /** The form {@link #parse} reads back. */
    public String text() {
        return text(stages);
    }

    private static String text(List<StageSize> sizes) {
        return sizes.stream().map(StageSize::text).collect(Collectors.joining(","));
    }
}
