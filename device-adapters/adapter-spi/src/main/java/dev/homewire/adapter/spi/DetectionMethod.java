package dev.homewire.adapter.spi;

/** How a camera detects what it reports (Alexa.EventDetectionSensor detectionMethods). */
public enum DetectionMethod {
    AUDIO,
    VIDEO
}
