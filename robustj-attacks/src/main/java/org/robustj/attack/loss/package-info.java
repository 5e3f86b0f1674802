/** Per-sample attack objectives: {@link org.robustj.attack.loss.Losses} (CE, DLR, targeted DLR, margin). */
package org.robustj.attack.loss;
