package dev.homewire.adapter.spi;

public enum PowerState {
    ON,
    OFF
}
