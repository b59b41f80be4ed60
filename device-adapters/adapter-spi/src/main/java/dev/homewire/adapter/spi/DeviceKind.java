package dev.homewire.adapter.spi;

/** What a device is, which picks its Alexa display category (core maps each kind in one place). */
public enum DeviceKind {
    LIGHT,
    PLUG,
    SWITCH,
    SMARTLOCK,
    THERMOSTAT,
    TEMPERATURE_SENSOR,
    TV,
    SPEAKER,
    STREAMING_DEVICE,
    CAMERA,
    DOORBELL,
    CONTACT_SENSOR,
    MOTION_SENSOR,
    SECURITY_PANEL,
    INTERIOR_BLIND,
    EXTERIOR_BLIND,
    FAN,
    GARAGE_DOOR,
    DOOR,
    SCENE,
    ACTIVITY,
    /** Washers, dishwashers, feeders and other appliances Alexa has no category for. */
    APPLIANCE,
    OTHER
}
