package dev.homewire.adapter.spi;

/** Whether the vendor can reach the device (Alexa.EndpointHealth connectivity). */
public enum Connectivity {
    OK,
    UNREACHABLE
}
