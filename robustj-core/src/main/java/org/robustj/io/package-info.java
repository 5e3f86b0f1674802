/** File conventions: {@link org.robustj.io.Json} (snake_case JSON) and {@link org.robustj.io.AtomicFiles}. */
package org.robustj.io;
