/** White-box gradient attacks: FGSM, PGD, APGD (CE/DLR), APGD-T, FAB, FAB-T and the low-entropy (uncertainty) attack; one file per algorithm. */
package org.robustj.attack.gradient;
