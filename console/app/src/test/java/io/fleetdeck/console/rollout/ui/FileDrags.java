package io.fleetdeck.console.rollout.ui;

import com.sun.javafx.scene.input.DragboardHelper;
import com.sun.javafx.tk.TKClipboard;
import javafx.event.Event;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.image.Image;
import javafx.scene.input.DataFormat;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.util.Pair;

import java.io.File;
import java.security.AccessControlContext;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fires real {@link DragEvent}s carrying a dragboard with files, as a file manager's drag delivers them, at a node.
 * The toolkit's own local clipboard cannot be used headless ({@code getTransferModes()} throws), so the dragboard
 * sits on this small in-memory peer. FX thread only.
 */
final class FileDrags {
    private FileDrags() {
    }

    /** A dragboard holding {@code files}, readable like a drop target reads it. */
    static Dragboard holding(List<File> files) {
        Dragboard dragboard = DragboardHelper.createDragboard(new MemoryClipboard());
        DragboardHelper.setDataAccessRestriction(dragboard, false);
        dragboard.setContent(Map.of(DataFormat.FILES, files));
        return dragboard;
    }

    /** Fires DRAG_OVER at the middle of {@code target}; returns the mode it accepted, or null when refused. */
    static TransferMode over(Node target, Dragboard dragboard) {
        DragEvent event = event(target, dragboard, DragEvent.DRAG_OVER);
        Event.fireEvent(target, event);
        return event.getAcceptedTransferMode();
    }

    /** Fires DRAG_OVER then, if accepted, DRAG_DROPPED; returns whether the drop completed. */
    static boolean drop(Node target, Dragboard dragboard) {
        if (over(target, dragboard) == null) {
            Event.fireEvent(target, event(target, dragboard, DragEvent.DRAG_EXITED));
            return false;
        }
        DragEvent dropped = event(target, dragboard, DragEvent.DRAG_DROPPED);
        Event.fireEvent(target, dropped);
        return dropped.isDropCompleted();
    }

    private static DragEvent event(Node target, Dragboard dragboard, javafx.event.EventType<DragEvent> type) {
        Bounds bounds = target.localToScreen(target.getBoundsInLocal());
        Point2D scene = target.localToScene(target.getBoundsInLocal().getCenterX(),
                target.getBoundsInLocal().getCenterY());
        return new DragEvent(target, target, type, dragboard, scene.getX(), scene.getY(),
                bounds == null ? 0 : bounds.getCenterX(), bounds == null ? 0 : bounds.getCenterY(),
                TransferMode.COPY, null, target, null);
    }

    /** Holds content in memory and allows every transfer mode. */
    private static final class MemoryClipboard implements TKClipboard {
        private final Map<DataFormat, Object> content = new HashMap<>();
        private Image view;
        private double offsetX;
        private double offsetY;

        @Override
        @SuppressWarnings("removal")
        public void setSecurityContext(AccessControlContext context) {
        }

        @Override
        public Set<DataFormat> getContentTypes() {
            return content.keySet();
        }

        @Override
        @SafeVarargs
        public final boolean putContent(Pair<DataFormat, Object>... pairs) {
            content.clear();
            for (Pair<DataFormat, Object> pair : pairs) {
                content.put(pair.getKey(), pair.getValue());
            }
            return true;
        }

        @Override
        public Object getContent(DataFormat format) {
            return content.get(format);
        }

        @Override
        public boolean hasContent(DataFormat format) {
            return content.containsKey(format);
        }

        @Override
        public Set<TransferMode> getTransferModes() {
            return EnumSet.allOf(TransferMode.class);
        }

        @Override
        public void setDragView(Image image) {
            view = image;
        }

        @Override
        public void setDragViewOffsetX(double offset) {
            offsetX = offset;
        }

        @Override
        public void setDragViewOffsetY(double offset) {
            offsetY = offset;
        }

        @Override
        public Image getDragView() {
            return view;
        }

        @Override
        public double getDragViewOffsetX() {
            return offsetX;
        }

        @Override
        public double getDragViewOffsetY() {
            return offsetY;
        }
    }
}
