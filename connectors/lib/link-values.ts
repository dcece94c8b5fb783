// The values an account links by (`email:…`, `employee:…`) with the method
// that found each, in the order found: a value found twice keeps its first
// method. The shape Identity's linkValues/linkMethods take.
export class LinkValues {
  readonly values: string[] = [];
  readonly methods: string[] = [];

  add(value: string, method: string): void {
    if (this.values.includes(value)) return;
    this.values.push(value);
    this.methods.push(method);
  }
}
