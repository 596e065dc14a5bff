package org.mmdet4j.models.backbones;

import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.registry.Args;

/** Reads a backbone's pretrained checkpoint from {@code init_cfg} or the legacy {@code pretrained} key. */
final class Pretrained {
    private Pretrained() {
    }

    static String checkpointOf(Args args) {
        if (!args.isNull("init_cfg")) {
            ConfigDict init = args.getDict("init_cfg");
            if (!"Pretrained".equals(init.getString("type", ""))) {
                throw new ConfigException(args.pathOf("init_cfg") + ".type: only 'Pretrained' is supported, got '"
                        + init.getString("type", "") + "'");
            }
            return init.getString("checkpoint");
        }
        return args.isNull("pretrained") ? null : args.getString("pretrained");
    }
}
