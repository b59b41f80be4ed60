package dev.homewire.entrypoint;

import dev.homewire.core.SkillRuntime;

/** Wires a {@link SkillEntrypoint} from the composition root: the same for Lambda and the devstack. */
public final class SkillEntrypoints {
    private SkillEntrypoints() {
    }

    public static SkillEntrypoint create(SkillRuntime runtime) {
        return new SkillEntrypoint(new EntrypointDependencies(runtime.userResolver(), runtime.linkedAccounts(),
                runtime.endpoints(), runtime.deviceStates(), runtime.grants(), runtime.directiveQueue(), runtime.adapters(),
                runtime.capabilities(), runtime.lwa(), runtime.config().alexaRegion(), runtime.config().deferralOverhead(),
                runtime.clock(), runtime.syncScheduler()));
    }
}
